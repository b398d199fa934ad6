package io.fulcrum.detect;

import io.fulcrum.window.LatencySketch;
import java.util.Objects;

/**
 * One server's totals for one closed window.
 *
 * <p>Inputs are normalised rather than rejected (a detector must not crash a stream thread):
 * negative counts become 0, {@code errors5xx} is clamped to [0, count] and a null sketch becomes an
 * empty one. The sketch is mutable; do not change it after building the observation.
 *
 * @param server server name, never null
 * @param count requests the server answered in the window (zero for idle members)
 * @param errors5xx of those, responses with a 5xx status
 * @param latency latency sketch of those requests, possibly empty
 */
public record ServerObservation(String server, long count, long errors5xx, LatencySketch latency) {
  public ServerObservation {
    Objects.requireNonNull(server, "server");
    count = Math.max(0, count);
    errors5xx = Math.min(Math.max(0, errors5xx), count);
    latency = latency == null ? new LatencySketch() : latency;
  }

  /** An observation without latency data. */
  public static ServerObservation of(String server, long count, long errors5xx) {
    return new ServerObservation(server, count, errors5xx, new LatencySketch());
  }

  /** 5xx share of this server's requests, 0 when it had none. */
  public double errorRate() {
    return count == 0 ? 0.0 : (double) errors5xx / count;
  }
}
