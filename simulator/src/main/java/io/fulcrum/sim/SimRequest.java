package io.fulcrum.sim;

import java.util.Objects;

/**
 * One proxied request as the load balancer logs it.
 *
 * @param timestampMs accept time: the event time detectors window on
 * @param endMs when the LB writes the log line, {@code timestampMs + latencyMs}
 * @param server backend server, or {@code null} for HAProxy's {@code <NOSRV>} (no server to route
 *     to)
 * @param latencyMs total time in the LB (HAProxy's Ta, nginx's request_time), queueing included
 * @param bytes response bytes sent to the client
 */
public record SimRequest(
    long timestampMs, long endMs, String pool, String server, int status, int latencyMs, long bytes)
    implements SimEvent {

  public SimRequest {
    Objects.requireNonNull(pool, "pool");
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latencyMs must be >= 0: " + latencyMs);
    }
    if (endMs != timestampMs + latencyMs) {
      throw new IllegalArgumentException(
          "endMs must be timestampMs + latencyMs: "
              + endMs
              + " != "
              + timestampMs
              + " + "
              + latencyMs);
    }
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
  }

  /** Derives {@code endMs} from the accept time and latency. */
  public static SimRequest of(
      long acceptMs, String pool, String server, int status, int latencyMs, long bytes) {
    return new SimRequest(acceptMs, acceptMs + latencyMs, pool, server, status, latencyMs, bytes);
  }

  @Override
  public long emitMs() {
    return endMs;
  }

  /** True for HAProxy's {@code <NOSRV>}: the pool had no server to route to. */
  public boolean noServer() {
    return server == null;
  }

  public boolean serverError() {
    return status >= 500;
  }
}
