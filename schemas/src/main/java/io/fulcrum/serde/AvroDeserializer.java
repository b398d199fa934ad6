package io.fulcrum.serde;

import io.fulcrum.serde.registry.SchemaRegistries;
import io.fulcrum.serde.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent's wire format into a generated class, resolving the writer's schema (fetched by
 * id) against ours, so records written with an older or newer compatible schema still decode.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final Class<T> type;
  private final Schema readerSchema;
  private SchemaRegistryClient registry;
  private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

  public AvroDeserializer(Class<T> type) {
    this.type = type;
    this.readerSchema = SpecificData.get().getSchema(type);
  }

  public AvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
    this(type);
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.registry = SchemaRegistries.fromConfig(configs);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < WireFormat.HEADER_SIZE) {
      throw new WireFormatException(
          topic, "truncated payload: " + data.length + " bytes, shorter than the 5-byte header");
    }
    if (data[0] != WireFormat.MAGIC_BYTE) {
      throw new WireFormatException(
          topic,
          String.format(
              "unknown magic byte 0x%02x (expected 0x00): not Confluent Avro wire format",
              data[0] & 0xff));
    }
    if (registry == null) {
      throw new WireFormatException(
          topic, "deserializer not configured: set " + SchemaRegistries.URL);
    }
    int id = WireFormat.schemaId(data);
    SpecificDatumReader<T> reader = readers.computeIfAbsent(id, i -> readerFor(topic, i));
    try {
      BinaryDecoder decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  data,
                  WireFormat.HEADER_SIZE,
                  data.length - WireFormat.HEADER_SIZE,
                  decoders.get());
      decoders.set(decoder);
      T value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new WireFormatException(
            topic,
            "trailing bytes after a " + type.getSimpleName() + " written with schema id " + id);
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof WireFormatException w) {
        throw w;
      }
      throw new WireFormatException(
          topic,
          "payload does not decode with writer schema id " + id + " (truncated or corrupt): " + e,
          e);
    }
  }

  /**
   * The writer schema registered under {@code id}, once checked readable as {@code T} (cached with
   * its reader): lets a caller with a faster decoder for one exact schema recognise that schema's
   * records.
   *
   * @throws WireFormatException as {@link #deserialize} would for this id
   */
  public Schema writerSchema(String topic, int id) {
    if (registry == null) {
      throw new WireFormatException(
          topic, "deserializer not configured: set " + SchemaRegistries.URL);
    }
    return readers.computeIfAbsent(id, i -> readerFor(topic, i)).getSchema();
  }

  private SpecificDatumReader<T> readerFor(String topic, int id) {
    Schema writer;
    try {
      writer = registry.schemaById(id);
    } catch (RuntimeException e) {
      throw new WireFormatException(
          topic,
          "schema id " + id + " unknown to registry " + registry.describe() + ": " + e.getMessage(),
          e);
    }
    var compat = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
    if (compat.getType() != SchemaCompatibilityType.COMPATIBLE) {
      throw new WireFormatException(
          topic,
          "writer schema id "
              + id
              + " ("
              + writer.getFullName()
              + ") cannot be read as "
              + readerSchema.getFullName()
              + ": "
              + compat.getDescription());
    }
    return new SpecificDatumReader<>(writer, readerSchema);
  }
}
