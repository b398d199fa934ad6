package io.fulcrum.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro binary behind a format byte, for state stores and repartition topics that only this app
 * reads: no registry round trip. The byte is the schema's version: a type whose schema changed
 * keeps its earlier versions in {@code /internal-schema-history/<Name>/vN.avsc}, so state written
 * before an upgrade is read with the schema it was written with and resolved to the current one
 * (new fields take their defaults).
 */
public final class InternalSerde<T extends SpecificRecord> implements Serde<T> {
  static final String HISTORY = "/internal-schema-history/";
  private final Schema schema;
  private final byte format;
  private final SpecificDatumWriter<T> writer;
  private final List<SpecificDatumReader<T>> readers = new ArrayList<>();

  public InternalSerde(Class<T> type) {
    this.schema = SpecificData.get().getSchema(type);
    this.writer = new SpecificDatumWriter<>(schema);
    for (Schema earlier : earlierVersions(schema.getName())) {
      readers.add(new SpecificDatumReader<>(earlier, schema));
    }
    readers.add(new SpecificDatumReader<>(schema));
    this.format = (byte) readers.size();
  }

  /**
   * The committed versions before the current one, oldest first; the current schema is the last
   * version.
   */
  static List<Schema> earlierVersions(String name) {
    List<Schema> out = new ArrayList<>();
    for (int v = 1; ; v++) {
      try (InputStream in =
          InternalSerde.class.getResourceAsStream(HISTORY + name + "/v" + v + ".avsc")) {
        if (in == null) {
          return out;
        }
        out.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the schema history of " + name, e);
      }
    }
  }

  /** The version this serde writes: 1 for a schema that never changed. */
  public int version() {
    return format;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(128);
      out.write(format);
      try {
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(value, enc);
        enc.flush();
      } catch (IOException e) {
        throw new SerializationException(topic + ": cannot encode " + schema.getName(), e);
      }
      return out.toByteArray();
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      if (data.length == 0 || data[0] < 1 || data[0] > format) {
        throw new SerializationException(
            topic
                + ": unknown internal format "
                + (data.length == 0 ? "(empty)" : data[0])
                + " of "
                + schema.getName()
                + " (this version reads 1.."
                + format
                + ")");
      }
      try {
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(data, 1, data.length - 1, null);
        return readers.get(data[0] - 1).read(null, dec);
      } catch (IOException | RuntimeException e) {
        throw new SerializationException(topic + ": corrupt " + schema.getName(), e);
      }
    };
  }
}
