package io.fulcrum.window;

import io.fulcrum.avro.ServerWindowStats;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Mutable running totals of one server in one window: the cheap per-request path. Not thread-safe.
 */
public final class ServerWindowAccumulator {
  private long count;
  private long errors5xx;
  private long errors4xx;
  private long latencySum;
  private int latencyMax;
  private long maxEventTime = Long.MIN_VALUE;
  private final LatencySketch sketch = new LatencySketch();

  /**
   * Changed since {@link #takeChanged()} last ran: what a snapshot of the open sums must write
   * again.
   */
  private boolean changed;

  public void add(long eventTime, int status, int latencyMs) {
    changed = true;
    count++;
    if (status >= 500) {
      errors5xx++;
    } else if (status >= 400) {
      errors4xx++;
    }
    if (latencyMs >= 0) {
      latencySum += latencyMs;
      latencyMax = Math.max(latencyMax, latencyMs);
      sketch.record(latencyMs);
    }
    maxEventTime = Math.max(maxEventTime, eventTime);
  }

  /** Adds a partial produced elsewhere (another input partition or an earlier flush). */
  public void add(ServerWindowStats s) {
    changed = true;
    count += s.getCount();
    errors5xx += s.getErrors5xx();
    errors4xx += s.getErrors4xx();
    latencySum += s.getLatencySumMs();
    latencyMax = Math.max(latencyMax, s.getLatencyMaxMs());
    maxEventTime = Math.max(maxEventTime, s.getMaxEventTime().toEpochMilli());
    ByteBuffer b = s.getLatencySketch();
    if (b != null && b.remaining() > 0) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      sketch.merge(LatencySketch.fromBytes(bytes));
    }
  }

  public long count() {
    return count;
  }

  public long errors5xx() {
    return errors5xx;
  }

  public LatencySketch sketch() {
    return sketch;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** Back to no requests, so that a flushed accumulator can keep counting. */
  public void reset() {
    changed = true;
    count = 0;
    errors5xx = 0;
    errors4xx = 0;
    latencySum = 0;
    latencyMax = 0;
    maxEventTime = Long.MIN_VALUE;
    sketch.clear();
  }

  /** Whether anything changed since the last call. */
  public boolean takeChanged() {
    boolean was = changed;
    changed = false;
    return was;
  }

  public ServerWindowStats toStats(String pool, String server, long windowStart, long windowEnd) {
    // The all-args constructor: the builder validates and copies every field, on the flush path.
    return new ServerWindowStats(
        pool,
        server,
        Instant.ofEpochMilli(windowStart),
        Instant.ofEpochMilli(windowEnd),
        count,
        errors5xx,
        errors4xx,
        latencySum,
        latencyMax,
        ByteBuffer.wrap(sketch.toBytes()),
        Instant.ofEpochMilli(maxEventTime == Long.MIN_VALUE ? windowStart : maxEventTime));
  }
}
