package io.fulcrum.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * reads: no registry round trip, and the byte leaves room to change the format later.
 */
public final class InternalSerde<T extends SpecificRecord> implements Serde<T> {
  private static final byte FORMAT_V1 = 1;
  private final Schema schema;
  private final SpecificDatumWriter<T> writer;
  private final SpecificDatumReader<T> reader;

  public InternalSerde(Class<T> type) {
    this.schema = SpecificData.get().getSchema(type);
    this.writer = new SpecificDatumWriter<>(schema);
    this.reader = new SpecificDatumReader<>(schema);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(128);
      out.write(FORMAT_V1);
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
      if (data.length == 0 || data[0] != FORMAT_V1) {
        throw new SerializationException(topic + ": unknown internal format " + (data.length == 0 ? "(empty)" : data[0]));
      }
      try {
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(data, 1, data.length - 1, null);
        return reader.read(null, dec);
      } catch (IOException | RuntimeException e) {
        throw new SerializationException(topic + ": corrupt " + schema.getName(), e);
      }
    };
  }
}
