package io.fulcrum.chaos;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests per (pool, server, window start): what the input held (counted when the broker
 * acknowledged each line) or what the pipeline's closed windows say. Requests the load balancer
 * routed to no server count as {@value #NO_SERVER}.
 */
public final class WindowCounts {
  public static final String NO_SERVER = "<NOSRV>";
  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

  /** One (pool, server, window) cell. */
  public record Key(String pool, String server, long windowStart) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = pool.compareTo(o.pool);
      if (c == 0) {
        c = Long.compare(windowStart, o.windowStart);
      }
      return c != 0 ? c : server.compareTo(o.server);
    }
  }

  public void add(String pool, String server, long windowStart, long n) {
    if (n != 0) {
      counts
          .computeIfAbsent(
              new Key(pool, server == null ? NO_SERVER : server, windowStart), k -> new LongAdder())
          .add(n);
    }
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** A sorted copy. */
  public Map<Key, Long> snapshot() {
    Map<Key, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** The latest window start of any cell; Long.MIN_VALUE when empty. */
  public long lastWindowStart() {
    return counts.keySet().stream().mapToLong(Key::windowStart).max().orElse(Long.MIN_VALUE);
  }

  /** The latest window start of {@code pool}; Long.MIN_VALUE when it has none. */
  public long lastWindowStart(String pool) {
    return counts.keySet().stream()
        .filter(k -> k.pool().equals(pool))
        .mapToLong(Key::windowStart)
        .max()
        .orElse(Long.MIN_VALUE);
  }

  /** The difference between what the pipeline counted and the truth. */
  public static Comparison compare(WindowCounts truth, WindowCounts observed) {
    Map<Key, Long> t = truth.snapshot();
    Map<Key, Long> o = observed.snapshot();
    long lost = 0;
    long doubled = 0;
    long cells = 0;
    long wrongCells = 0;
    Map<Key, long[]> examples = new TreeMap<>();
    java.util.Set<Key> all = new java.util.TreeSet<>(t.keySet());
    all.addAll(o.keySet());
    for (Key k : all) {
      long want = t.getOrDefault(k, 0L);
      long got = o.getOrDefault(k, 0L);
      cells++;
      if (want != got) {
        wrongCells++;
        lost += Math.max(0, want - got);
        doubled += Math.max(0, got - want);
        if (examples.size() < 10) {
          examples.put(k, new long[] {want, got});
        }
      }
    }
    return new Comparison(
        truth.total(), observed.total(), cells, wrongCells, lost, doubled, examples);
  }

  /** Lost and double-counted requests over every cell, with up to ten wrong cells as examples. */
  public record Comparison(
      long truthRequests,
      long observedRequests,
      long cells,
      long wrongCells,
      long lost,
      long doubled,
      Map<Key, long[]> examples) {
    public boolean exact() {
      return wrongCells == 0;
    }

    public String describeExamples() {
      StringBuilder b = new StringBuilder();
      examples.forEach(
          (k, v) ->
              b.append("  ")
                  .append(k.pool())
                  .append(' ')
                  .append(k.server())
                  .append(" window ")
                  .append(java.time.Instant.ofEpochMilli(k.windowStart()))
                  .append(": input ")
                  .append(v[0])
                  .append(", windows ")
                  .append(v[1])
                  .append('\n'));
      return b.toString();
    }
  }
}
