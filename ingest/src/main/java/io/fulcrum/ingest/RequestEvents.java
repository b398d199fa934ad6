package io.fulcrum.ingest;

import io.fulcrum.avro.RequestEvent;
import java.time.Instant;

/**
 * Conversions between the published {@link RequestEvent} and the internal {@link ParsedRequest}.
 */
public final class RequestEvents {
  private RequestEvents() {}

  /** Field by field; a blank pool is caught later, by the pipeline's request check. */
  public static ParsedRequest toParsed(RequestEvent e) {
    if (e.getTimestamp() == null) {
      throw new MalformedInputException("RequestEvent has no timestamp");
    }
    return new ParsedRequest(
        e.getTimestamp().toEpochMilli(),
        e.getPool(),
        e.getServer(),
        e.getStatus(),
        e.getLatencyMs(),
        e.getBytes(),
        e.getFrontend());
  }

  public static RequestEvent toEvent(ParsedRequest r) {
    return RequestEvent.newBuilder()
        .setTimestamp(Instant.ofEpochMilli(r.timestampMs()))
        .setPool(r.pool())
        .setServer(r.server())
        .setStatus(r.status())
        .setLatencyMs(r.latencyMs())
        .setBytes(r.bytes())
        .setFrontend(r.frontend())
        .build();
  }
}
