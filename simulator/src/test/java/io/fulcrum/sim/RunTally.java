package io.fulcrum.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test helper: requests of a run bucketed per pool and per second of accept-time offset. */
final class RunTally {

  /** Counts of one pool in one second. */
  static final class Bucket {
    long requests;
    long serverErrors;
    long latencySum;
    final Map<String, Long> perServer = new TreeMap<>();
  }

  final long startMs;
  final Map<String, TreeMap<Long, Bucket>> pools = new HashMap<>();
  final List<SimConfigChange> changes = new ArrayList<>();

  RunTally(long startMs) {
    this.startMs = startMs;
  }

  static RunTally of(SimRun run) {
    RunTally t = new RunTally(run.startMs());
    run.forEachRemaining(t::add);
    return t;
  }

  void add(SimEvent e) {
    if (e instanceof SimConfigChange c) {
      changes.add(c);
      return;
    }
    SimRequest r = (SimRequest) e;
    Bucket b =
        pools
            .computeIfAbsent(r.pool(), p -> new TreeMap<>())
            .computeIfAbsent(Math.floorDiv(r.timestampMs() - startMs, 1000), s -> new Bucket());
    b.requests++;
    if (r.serverError()) {
      b.serverErrors++;
    }
    b.latencySum += r.latencyMs();
    b.perServer.merge(String.valueOf(r.server()), 1L, Long::sum);
  }

  /** Merged counts of {@code pool} for accept offsets in [fromMs, toMs). */
  Bucket range(String pool, long fromMs, long toMs) {
    Bucket sum = new Bucket();
    pools
        .getOrDefault(pool, new TreeMap<>())
        .subMap(fromMs / 1000, toMs / 1000)
        .values()
        .forEach(
            b -> {
              sum.requests += b.requests;
              sum.serverErrors += b.serverErrors;
              sum.latencySum += b.latencySum;
              b.perServer.forEach((s, n) -> sum.perServer.merge(s, n, Long::sum));
            });
    return sum;
  }

  double errorShare(String pool, long fromMs, long toMs) {
    Bucket b = range(pool, fromMs, toMs);
    return (double) b.serverErrors / b.requests;
  }

  double serverShare(String pool, String server, long fromMs, long toMs) {
    Bucket b = range(pool, fromMs, toMs);
    return (double) b.perServer.getOrDefault(server, 0L) / b.requests;
  }

  double meanLatency(String pool, long fromMs, long toMs) {
    Bucket b = range(pool, fromMs, toMs);
    return (double) b.latencySum / b.requests;
  }
}
