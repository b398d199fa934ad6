package io.fulcrum.distribution;

import io.fulcrum.detect.ServerObservation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fast path's slices as the input tasks send them, summed per pool, slice and server until
 * event time passes the slice's end. In memory only: slices are evidence for the fast path, not
 * counts, and a restart that loses some only delays it.
 */
final class SliceBuffer {
  /** One closed slice of one pool. */
  record Slice(String pool, long start, long end, List<ServerObservation> servers, long noServer) {}

  private final Map<String, TreeMap<Long, Map<String, long[]>>> byPool = new HashMap<>();
  private final Map<Long, Long> ends = new HashMap<>();

  /**
   * Adds one input task's counts for a slice; {@code server} null for requests routed to no server.
   */
  void add(String pool, String server, long start, long end, long count, long errors5xx) {
    Map<String, long[]> servers =
        byPool
            .computeIfAbsent(pool, p -> new TreeMap<>())
            .computeIfAbsent(start, s -> new HashMap<>());
    long[] sums = servers.computeIfAbsent(server == null ? "" : server, s -> new long[2]);
    sums[0] += count;
    sums[1] += errors5xx;
    ends.put(start, end);
  }

  /**
   * Removes and returns the slices that ended by {@code eventTime}, oldest first within each pool.
   */
  List<Slice> closeUpTo(long eventTime) {
    List<Slice> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, TreeMap<Long, Map<String, long[]>>>> pools =
            byPool.entrySet().iterator();
        pools.hasNext(); ) {
      Map.Entry<String, TreeMap<Long, Map<String, long[]>>> pool = pools.next();
      TreeMap<Long, Map<String, long[]>> slices = pool.getValue();
      while (!slices.isEmpty()
          && ends.getOrDefault(slices.firstKey(), Long.MAX_VALUE) <= eventTime) {
        Map.Entry<Long, Map<String, long[]>> first = slices.pollFirstEntry();
        List<ServerObservation> servers = new ArrayList<>();
        long noServer = 0;
        for (Map.Entry<String, long[]> s : first.getValue().entrySet()) {
          if (s.getKey().isEmpty()) {
            noServer += s.getValue()[0];
          } else {
            servers.add(new ServerObservation(s.getKey(), s.getValue()[0], s.getValue()[1], null));
          }
        }
        out.add(
            new Slice(pool.getKey(), first.getKey(), ends.get(first.getKey()), servers, noServer));
      }
      if (slices.isEmpty()) {
        pools.remove();
      }
    }
    ends.keySet().removeIf(start -> ends.get(start) <= eventTime);
    return out;
  }

  /** The end of the earliest slice held, or {@code Long.MAX_VALUE}. */
  long earliestEnd() {
    long min = Long.MAX_VALUE;
    for (long end : ends.values()) {
      min = Math.min(min, end);
    }
    return min;
  }

  boolean isEmpty() {
    return byPool.isEmpty();
  }
}
