package io.fulcrum.query;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for the recent-* stores' views. JSON rather than Avro because the stored snapshot is exactly
 * what the API serves, and fields added to a view later read back from older changelogs as null.
 */
public final class JsonSerde<T> implements Serde<T> {
  /** Shared and thread-safe once configured; it holds no per-request state. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Class<T> type;

  public JsonSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      try {
        return MAPPER.writeValueAsBytes(value);
      } catch (IOException e) {
        throw new SerializationException(topic + ": cannot encode " + type.getSimpleName(), e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      try {
        return MAPPER.readValue(data, type);
      } catch (IOException e) {
        throw new SerializationException(topic + ": corrupt " + type.getSimpleName(), e);
      }
    };
  }
}
