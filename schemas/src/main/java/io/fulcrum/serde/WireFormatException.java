package io.fulcrum.serde;

import org.apache.kafka.common.errors.SerializationException;

/** Bytes that are not valid Confluent Avro for this topic. The message always names the topic. */
public final class WireFormatException extends SerializationException {
  public WireFormatException(String topic, String reason) {
    super("topic " + topic + ": " + reason);
  }

  public WireFormatException(String topic, String reason, Throwable cause) {
    super("topic " + topic + ": " + reason, cause);
  }
}
