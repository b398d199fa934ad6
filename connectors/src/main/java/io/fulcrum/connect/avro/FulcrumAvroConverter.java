package io.fulcrum.connect.avro;

import io.fulcrum.serde.AvroDeserializer;
import io.fulcrum.serde.AvroSerializer;
import io.fulcrum.serde.AvroStringSerde;
import io.fulcrum.serde.WireFormat;
import io.fulcrum.serde.registry.SchemaRegistries;
import io.fulcrum.serde.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Connect converter for Fulcrum's topics: Confluent wire format (magic byte, schema id, Avro
 * binary) with Fulcrum's own serdes and registry clients ({@code schema.registry.url}: http(s) URLs
 * or {@code mock://<scope>}). Structs map to the generated class named by the struct schema (see
 * {@link ConnectSchemas}); strings to a primitive Avro string, as Fulcrum writes its keys. Reading
 * resolves the writer's schema against the generated class, so older compatible records still read.
 */
public final class FulcrumAvroConverter implements Converter {
  public static final String SCHEMA_REGISTRY_URL = SchemaRegistries.URL;
  public static final String AUTO_REGISTER = AvroSerializer.AUTO_REGISTER;

  public static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              SCHEMA_REGISTRY_URL,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "Schema Registry: http(s)://host:port (comma separated for several) or mock://<scope>.")
          .define(
              AUTO_REGISTER,
              Type.BOOLEAN,
              true,
              Importance.MEDIUM,
              "Register the schema of written records under <topic>-value (or -key); false only looks it up.")
          .define(
              SchemaRegistries.BASIC_AUTH_SOURCE,
              Type.STRING,
              "USER_INFO",
              ConfigDef.ValidString.in("USER_INFO", "URL"),
              Importance.LOW,
              "Where registry basic-auth credentials come from.")
          .define(
              SchemaRegistries.BASIC_AUTH_USER_INFO,
              Type.PASSWORD,
              null,
              Importance.LOW,
              "user:password for the registry.")
          .define(
              SchemaRegistries.TIMEOUT_MS,
              Type.INT,
              10_000,
              ConfigDef.Range.atLeast(1),
              Importance.LOW,
              "Registry request timeout.");

  private final AvroConnectData data = new AvroConnectData();
  private final Map<Class<?>, AvroDeserializer<?>> deserializers = new ConcurrentHashMap<>();
  private SchemaRegistryClient registry;
  private Serializer<SpecificRecord> serializer;
  private Serializer<String> stringSerializer;
  private Deserializer<String> stringDeserializer;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AbstractConfig parsed = new AbstractConfig(CONFIG, configs);
    Map<String, Object> serdeConfig = new HashMap<>(configs);
    if (parsed.getPassword(SchemaRegistries.BASIC_AUTH_USER_INFO) != null) {
      serdeConfig.put(
          SchemaRegistries.BASIC_AUTH_USER_INFO,
          parsed.getPassword(SchemaRegistries.BASIC_AUTH_USER_INFO).value());
    }
    try {
      registry = SchemaRegistries.fromConfig(serdeConfig);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          SCHEMA_REGISTRY_URL, configs.get(SCHEMA_REGISTRY_URL), e.getMessage());
    }
    AvroSerializer<SpecificRecord> s = new AvroSerializer<>();
    s.configure(serdeConfig, isKey);
    serializer = s;
    AvroStringSerde strings = new AvroStringSerde(registry, isKey);
    stringSerializer = strings.serializer();
    stringDeserializer = strings.deserializer();
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    try {
      if (value instanceof String s && (schema == null || schema.type() == Schema.Type.STRING)) {
        return stringSerializer.serialize(topic, s);
      }
      if (value instanceof Struct struct) {
        return serializer.serialize(topic, data.fromConnect(struct));
      }
    } catch (DataException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DataException(
          "topic "
              + topic
              + ": cannot write "
              + (schema == null ? "value" : schema.name())
              + ": "
              + e.getMessage(),
          e);
    }
    throw new DataException(
        "topic "
            + topic
            + ": FulcrumAvroConverter writes structs of Fulcrum's record types and strings, not "
            + (schema == null ? value.getClass().getName() : schema.type() + " " + schema.name()));
  }

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    if (value == null) {
      return SchemaAndValue.NULL;
    }
    try {
      if (value.length < WireFormat.HEADER_SIZE || value[0] != WireFormat.MAGIC_BYTE) {
        throw new DataException(
            "topic "
                + topic
                + ": not Confluent Avro wire format ("
                + value.length
                + " bytes, first 0x"
                + (value.length == 0 ? "--" : Integer.toHexString(value[0] & 0xff))
                + ")");
      }
      org.apache.avro.Schema writer = registry.schemaById(WireFormat.schemaId(value));
      if (writer.getType() == org.apache.avro.Schema.Type.STRING) {
        return new SchemaAndValue(
            Schema.OPTIONAL_STRING_SCHEMA, stringDeserializer.deserialize(topic, value));
      }
      Class<? extends SpecificRecord> type = GeneratedTypes.classOf(writer.getFullName());
      SpecificRecord record =
          (SpecificRecord)
              deserializers
                  .computeIfAbsent(type, t -> new AvroDeserializer<>(type, registry))
                  .deserialize(topic, value);
      return new SchemaAndValue(data.connectSchema(record.getSchema()), data.toConnect(record));
    } catch (DataException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DataException("topic " + topic + ": cannot read record: " + e.getMessage(), e);
    }
  }
}
