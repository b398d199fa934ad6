package io.fulcrum.serde;

import io.fulcrum.serde.registry.SchemaRegistries;
import io.fulcrum.serde.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A string as a primitive Avro {@code "string"} in Confluent's wire format: how Confluent's
 * serializers write string keys, and what its legacy AvroConsumer insists on reading.
 */
public final class AvroStringSerde implements Serde<String> {
  private static final Schema STRING = Schema.create(Schema.Type.STRING);

  private SchemaRegistryClient registry;
  private boolean isKey;

  public AvroStringSerde() {}

  public AvroStringSerde(SchemaRegistryClient registry, boolean isKey) {
    this.registry = registry;
    this.isKey = isKey;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.registry = SchemaRegistries.fromConfig(configs);
    this.isKey = isKey;
  }

  @Override
  public Serializer<String> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      int id = registry.register(topic + (isKey ? "-key" : "-value"), STRING);
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + 10);
      WireFormat.writeHeader(out, id);
      long zigzag = ((long) utf8.length << 1) ^ ((long) utf8.length >> 63);
      while ((zigzag & ~0x7FL) != 0) {
        out.write((int) ((zigzag & 0x7F) | 0x80));
        zigzag >>>= 7;
      }
      out.write((int) zigzag);
      out.writeBytes(utf8);
      return out.toByteArray();
    };
  }

  @Override
  public Deserializer<String> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      if (data.length < WireFormat.HEADER_SIZE + 1 || data[0] != WireFormat.MAGIC_BYTE) {
        throw new WireFormatException(topic, "key is not an Avro string in Confluent wire format");
      }
      int id = WireFormat.schemaId(data);
      Schema writer = registry.schemaById(id);
      if (writer.getType() != Schema.Type.STRING) {
        throw new WireFormatException(
            topic, "schema id " + id + " is " + writer.getType() + ", expected an Avro string");
      }
      long zigzag = 0;
      int shift = 0;
      int i = WireFormat.HEADER_SIZE;
      while (i < data.length) {
        byte b = data[i++];
        zigzag |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
        shift += 7;
      }
      long len = (zigzag >>> 1) ^ -(zigzag & 1);
      if (len < 0 || i + len != data.length) {
        throw new WireFormatException(
            topic, "Avro string length " + len + " does not match the payload");
      }
      return new String(data, i, (int) len, StandardCharsets.UTF_8);
    };
  }
}
