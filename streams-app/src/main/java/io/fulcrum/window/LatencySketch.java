package io.fulcrum.window;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Mergeable log-bucket histogram of request latencies in whole milliseconds.
 *
 * <h2>Buckets</h2>
 *
 * Bucket 0 holds 0 ms (and negative inputs). Every octave [2^o, 2^(o+1)) for o = 0..20 is split
 * into four sub-buckets at the integer boundaries {@code ceil(2^(o + j/4))}, j = 1..3, so
 * consecutive bucket bounds grow by a ratio of 2^(1/4) ≈ 1.19. Below 8 ms buckets are single
 * integers (some sub-buckets are empty there, which costs nothing in the sparse encoding). Values
 * above {@link #MAX_MS} (30 min) are clamped into the top bucket. There are {@link #NUM_BUCKETS} =
 * 85 bucket indexes.
 *
 * <h2>Accuracy</h2>
 *
 * {@link #quantile(double)} returns the bucket's <em>geometric midpoint</em> {@code round(sqrt(lo *
 * hi))} of the bucket that holds the rank-{@code ceil(q*n)} value, so for a true value v the answer
 * r satisfies {@code |r - v| <= 0.0905 * v + 0.5} ms (2^(1/8) - 1 = 9.05% plus integer rounding).
 *
 * <p>{@link #record(int)} costs one {@link Integer#numberOfLeadingZeros} and at most three int
 * comparisons against a 84-entry table; no floating point. Instances are mutable and <b>not
 * thread-safe</b>.
 */
public final class LatencySketch {
  /** Largest distinguishable latency: 30 minutes. Larger values are clamped to this. */
  public static final int MAX_MS = 1_800_000;

  private static final int OCTAVES = 21; // 2^20 = 1,048,576 <= MAX_MS < 2^21

  /** Number of bucket indexes, 0..NUM_BUCKETS-1. */
  public static final int NUM_BUCKETS = 1 + 4 * OCTAVES;

  private static final byte VERSION = 1;

  /** SUB_BOUNDS[4*o + j] = ceil(2^(o + j/4)): the smallest value of sub-bucket j in octave o. */
  private static final int[] SUB_BOUNDS = new int[4 * OCTAVES];

  private static final int[] LOWER = new int[NUM_BUCKETS];
  private static final int[] UPPER = new int[NUM_BUCKETS];
  private static final int[] VALUE = new int[NUM_BUCKETS];

  static {
    for (int o = 0; o < OCTAVES; o++) {
      SUB_BOUNDS[4 * o] = 1 << o;
      for (int j = 1; j < 4; j++) {
        SUB_BOUNDS[4 * o + j] = (int) Math.ceil(Math.pow(2.0, o + j / 4.0));
      }
    }
    for (int o = 0; o < OCTAVES; o++) {
      for (int j = 0; j < 4; j++) {
        int i = 1 + 4 * o + j;
        int lo = SUB_BOUNDS[4 * o + j];
        long next = j < 3 ? SUB_BOUNDS[4 * o + j + 1] : 1L << (o + 1);
        int hi = (int) Math.min(next - 1, MAX_MS);
        LOWER[i] = lo;
        UPPER[i] = hi;
        VALUE[i] = lo > hi ? lo : (int) Math.round(Math.sqrt((double) lo * hi));
      }
    }
  }

  private final long[] counts = new long[NUM_BUCKETS];
  private long total;

  /** An empty sketch. */
  public LatencySketch() {}

  /**
   * The bucket index holding {@code ms}; negative values map to bucket 0, values above MAX_MS to
   * the top.
   */
  public static int bucketIndex(int ms) {
    if (ms <= 0) {
      return 0;
    }
    int v = Math.min(ms, MAX_MS);
    int base = (31 - Integer.numberOfLeadingZeros(v)) << 2;
    int i = 1 + base;
    if (v >= SUB_BOUNDS[base + 1]) {
      i++;
    }
    if (v >= SUB_BOUNDS[base + 2]) {
      i++;
    }
    if (v >= SUB_BOUNDS[base + 3]) {
      i++;
    }
    return i;
  }

  /** Smallest value (ms) that maps to bucket {@code i}. */
  public static int bucketLowerMs(int i) {
    return LOWER[i];
  }

  /**
   * Largest value (ms) that maps to bucket {@code i}; below the lower bound for the few never-used
   * buckets.
   */
  public static int bucketUpperMs(int i) {
    return UPPER[i];
  }

  /** Representative value of bucket {@code i}: the rounded geometric midpoint of its bounds. */
  public static int bucketValueMs(int i) {
    return VALUE[i];
  }

  /** Records one request of {@code ms} milliseconds. */
  public void record(int ms) {
    counts[bucketIndex(ms)]++;
    total++;
  }

  /** Records {@code times} requests of {@code ms} milliseconds (no-op when times <= 0). */
  public void record(int ms, long times) {
    if (times > 0) {
      counts[bucketIndex(ms)] += times;
      total += times;
    }
  }

  /**
   * Adds all of {@code other}'s counts to this sketch and returns this. {@code other} is unchanged.
   */
  public LatencySketch merge(LatencySketch other) {
    if (other != null && other != this) {
      for (int i = 0; i < NUM_BUCKETS; i++) {
        counts[i] += other.counts[i];
      }
      total += other.total;
    } else if (other == this) {
      for (int i = 0; i < NUM_BUCKETS; i++) {
        counts[i] *= 2;
      }
      total *= 2;
    }
    return this;
  }

  /** Empties this sketch, so that it can be reused. */
  public void clear() {
    Arrays.fill(counts, 0L);
    total = 0;
  }

  /** An independent copy. */
  public LatencySketch copy() {
    LatencySketch c = new LatencySketch();
    c.merge(this);
    return c;
  }

  /** Number of recorded requests. */
  public long count() {
    return total;
  }

  public boolean isEmpty() {
    return total == 0;
  }

  /** Count in bucket {@code i}. */
  public long bucketCount(int i) {
    return counts[i];
  }

  /**
   * The q-quantile (q clamped to [0,1]) as the geometric midpoint of the bucket holding the value
   * of rank {@code max(1, ceil(q * count))}; 0 for an empty sketch.
   */
  public int quantile(double q) {
    if (total == 0) {
      return 0;
    }
    double qq = Double.isNaN(q) ? 0.5 : Math.max(0.0, Math.min(1.0, q));
    long rank = Math.max(1L, (long) Math.ceil(qq * total));
    long seen = 0;
    for (int i = 0; i < NUM_BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return VALUE[i];
      }
    }
    return VALUE[NUM_BUCKETS - 1];
  }

  /**
   * Requests in buckets strictly above the bucket that contains {@code thresholdMs}. Every counted
   * request is truly slower than the threshold, but requests in the threshold's own bucket (at most
   * ~19% wider than the threshold) are not counted, so this is a lower bound of the exact count
   * above the threshold.
   */
  public long countAbove(int thresholdMs) {
    long n = 0;
    for (int i = bucketIndex(thresholdMs) + 1; i < NUM_BUCKETS; i++) {
      n += counts[i];
    }
    return n;
  }

  /**
   * Sparse encoding: version byte, varint number of non-empty buckets, then per non-empty bucket a
   * varint index delta (index - previous index - 1, starting from -1) and a varint count. An empty
   * sketch is 2 bytes.
   */
  public byte[] toBytes() {
    int nonEmpty = 0;
    for (long c : counts) {
      if (c != 0) {
        nonEmpty++;
      }
    }
    // Worst case per bucket: a one-byte delta (< 128) and a 10-byte count.
    byte[] buf = new byte[2 + nonEmpty * 11];
    buf[0] = VERSION;
    int pos = Varint.write(buf, 1, nonEmpty);
    int prev = -1;
    for (int i = 0; i < NUM_BUCKETS; i++) {
      if (counts[i] != 0) {
        pos = Varint.write(buf, pos, i - prev - 1);
        pos = Varint.write(buf, pos, counts[i]);
        prev = i;
      }
    }
    return Arrays.copyOf(buf, pos);
  }

  /** Decodes {@link #toBytes()}; throws {@link IllegalArgumentException} on malformed input. */
  public static LatencySketch fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("empty latency sketch encoding");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = in.get();
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported latency sketch version " + version);
    }
    LatencySketch s = new LatencySketch();
    int nonEmpty = (int) Varint.readBounded(in, NUM_BUCKETS, "bucket count");
    int prev = -1;
    for (int k = 0; k < nonEmpty; k++) {
      int i = prev + 1 + (int) Varint.readBounded(in, NUM_BUCKETS, "bucket delta");
      if (i >= NUM_BUCKETS) {
        throw new IllegalArgumentException("bucket index out of range: " + i);
      }
      long c = Varint.readBounded(in, Long.MAX_VALUE / NUM_BUCKETS, "bucket count");
      s.counts[i] = c;
      s.total += c;
      prev = i;
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException("trailing bytes after latency sketch");
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencySketch other
        && total == other.total
        && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return total == 0
        ? "LatencySketch{empty}"
        : "LatencySketch{n="
            + total
            + ", p50="
            + quantile(0.5)
            + "ms, p95="
            + quantile(0.95)
            + "ms, p99="
            + quantile(0.99)
            + "ms}";
  }
}
