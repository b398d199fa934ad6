package io.fulcrum.ingest;

import io.fulcrum.avro.RequestEvent;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Conversions between the published {@link RequestEvent} and the internal {@link ParsedRequest}. */
public final class RequestEvents {
  private RequestEvents() {}

  /** Field by field; a blank pool is caught later, by {@link RequestEventsCheck}. */
  public static ParsedRequest toParsed(RequestEvent e) {
    if (e.getTimestamp() == null) {
      throw new MalformedInputException("RequestEvent has no timestamp");
    }
    return new ParsedRequest(e.getTimestamp().toEpochMilli(), e.getPool(), e.getServer(), e.getStatus(),
        e.getLatencyMs(), e.getBytes(), e.getFrontend());
  }

  /** The requests topic read as {@link ParsedRequest}s by a {@link RequestEventDecoder}; writing converts back. */
  public static Serde<ParsedRequest> decodingSerde(Serde<RequestEvent> events) {
    Serializer<RequestEvent> serializer = events.serializer();
    return Serdes.serdeFrom((topic, r) -> r == null ? null : serializer.serialize(topic, toEvent(r)),
        new RequestEventDecoder(events.deserializer()));
  }

  public static RequestEvent toEvent(ParsedRequest r) {
    return RequestEvent.newBuilder().setTimestamp(java.time.Instant.ofEpochMilli(r.timestampMs())).setPool(r.pool())
        .setServer(r.server()).setStatus(r.status()).setLatencyMs(r.latencyMs()).setBytes(r.bytes())
        .setFrontend(r.frontend()).build();
  }
}
