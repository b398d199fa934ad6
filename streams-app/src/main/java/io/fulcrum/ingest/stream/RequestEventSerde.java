package io.fulcrum.ingest.stream;

import io.fulcrum.avro.RequestEvent;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.ingest.RequestEvents;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** The requests topic read as {@link ParsedRequest}s, the Kafka side of {@link RequestEvents}. */
public final class RequestEventSerde {
  private RequestEventSerde() {}

  /**
   * Reads with a {@link RequestEventDecoder}; writing converts back to the published {@link
   * RequestEvent}.
   */
  public static Serde<ParsedRequest> decoding(Serde<RequestEvent> events) {
    Serializer<RequestEvent> serializer = events.serializer();
    return Serdes.serdeFrom(
        (topic, r) -> r == null ? null : serializer.serialize(topic, RequestEvents.toEvent(r)),
        new RequestEventDecoder(events.deserializer()));
  }
}
