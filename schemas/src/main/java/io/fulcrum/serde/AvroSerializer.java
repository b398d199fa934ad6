package io.fulcrum.serde;

import io.fulcrum.serde.registry.SchemaRegistries;
import io.fulcrum.serde.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Confluent's wire format: magic byte 0, the 4-byte big-endian schema id, then Avro binary.
 * Subjects follow TopicNameStrategy: {@code <topic>-value} or {@code <topic>-key}.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  public static final String AUTO_REGISTER = "auto.register.schemas";

  private SchemaRegistryClient registry;
  private boolean isKey;
  private boolean autoRegister = true;
  private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
  private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

  /** For Kafka's reflective construction; {@link #configure} supplies the registry. */
  public AvroSerializer() {}

  public AvroSerializer(SchemaRegistryClient registry, boolean isKey) {
    this.registry = registry;
    this.isKey = isKey;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.registry = SchemaRegistries.fromConfig(configs);
    this.isKey = isKey;
    Object auto = configs.get(AUTO_REGISTER);
    this.autoRegister = auto == null || Boolean.parseBoolean(auto.toString());
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (registry == null) {
      throw new WireFormatException(
          topic, "serializer not configured: set " + SchemaRegistries.URL);
    }
    String subject = topic + (isKey ? "-key" : "-value");
    int id;
    try {
      id =
          autoRegister
              ? registry.register(subject, record.getSchema())
              : registry.lookup(subject, record.getSchema());
    } catch (RuntimeException e) {
      throw new WireFormatException(
          topic, "could not get a schema id for subject " + subject + ": " + e.getMessage(), e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    WireFormat.writeHeader(out, id);
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, encoders.get());
      encoders.set(encoder);
      writers.computeIfAbsent(record.getSchema(), SpecificDatumWriter::new).write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException(
          topic, "cannot encode " + record.getSchema().getFullName() + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
