package io.fulcrum.window;

import io.fulcrum.avro.ServerWindowStats;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The fast path's slices travel on the partials topic as {@link ServerWindowStats} that span less
 * than a window: requests and 5xx of one server in one slice, with no latency. The span is what
 * tells them from window sums.
 */
public final class Slices {
  private static final ByteBuffer NO_SKETCH = ByteBuffer.allocate(0);

  private Slices() {}

  /** A slice of {@code server}'s requests; {@code server} null for requests routed to no server. */
  public static ServerWindowStats stats(
      String pool, String server, long start, long end, long count, long errors5xx) {
    return new ServerWindowStats(
        pool,
        server,
        Instant.ofEpochMilli(start),
        Instant.ofEpochMilli(end),
        count,
        errors5xx,
        0L,
        0L,
        0,
        NO_SKETCH.duplicate(),
        Instant.ofEpochMilli(start));
  }

  /** Whether {@code partial} is a slice rather than a window's sum. */
  public static boolean isSlice(ServerWindowStats partial, long windowMs) {
    return partial.getWindowEnd().toEpochMilli() - partial.getWindowStart().toEpochMilli()
        < windowMs;
  }
}
