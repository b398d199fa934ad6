package io.fulcrum.anomaly;

import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.detect.AnomalyKind;
import io.fulcrum.detect.Expected;
import io.fulcrum.detect.Finding;
import io.fulcrum.detect.PoolAnalyzer;
import io.fulcrum.detect.PoolBaseline;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.detect.Severity;
import io.fulcrum.detect.sequential.ChangeWatch;
import io.fulcrum.detect.sequential.SequentialSettings;
import io.fulcrum.distribution.ClosedWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The fast path: one {@link ChangeWatch} per pool whose latest config change is fresh, fed one
 * closed slice at a time, which turns into an alarm verdict the moment the watch fires. The
 * expected shares are those the window detectors would use after the change (its declared weights,
 * unless they pile traffic onto few servers, else the learned baseline), fixed when the watch
 * starts. Plain Java; in memory, so a restart starts the watch again from the next slice. Not
 * thread-safe.
 */
public final class FastWatches {
  private final PoolAnalyzer analyzer;
  private final SequentialSettings settings;
  private final Map<String, Watch> watches = new HashMap<>();
  private long lastPruneAt = Long.MIN_VALUE;

  private static final class Watch {
    final ConfigEntry change;
    final ChangeWatch watch;
    final Map<String, long[]> servers = new HashMap<>();
    long noServer;
    long from = Long.MAX_VALUE;
    boolean fired;

    Watch(ConfigEntry change, ChangeWatch watch) {
      this.change = change;
      this.watch = watch;
    }
  }

  public FastWatches(PoolAnalyzer analyzer, SequentialSettings settings) {
    this.analyzer = analyzer;
    this.settings = settings;
  }

  /**
   * One closed slice, in event-time order per pool; {@code baseline} is the pool's learned baseline
   * (or null). Returns the alarm verdict once, on the slice that made the watch fire.
   */
  public Optional<WindowVerdict> slice(ClosedWindow slice, PoolBaseline baseline) {
    return slice(slice, () -> baseline);
  }

  /**
   * The same, reading the baseline only when it is needed: when a watch starts, and for the alarm.
   */
  public Optional<WindowVerdict> slice(ClosedWindow slice, Supplier<PoolBaseline> baselines) {
    String pool = slice.pool();
    long end = slice.windowEnd();
    prune(end);
    Optional<ConfigEntry> change = slice.config().latestBetween(end - settings.freshMs(), end - 1);
    if (change.isEmpty()) {
      watches.remove(pool);
      return Optional.empty();
    }
    Watch w = watches.get(pool);
    if (w == null || !same(w.change, change.get())) {
      w = start(pool, change.get(), baselines.get());
      watches.put(pool, w);
    }
    if (w.fired) {
      return Optional.empty();
    }
    PoolObservation o = slice.observation();
    Optional<ChangeWatch.Alarm> alarm = w.watch.observe(o);
    if (o.windowEndMs() > w.change.getTimestamp()) {
      w.from = Math.min(w.from, o.windowStartMs());
      for (ServerObservation s : o.servers()) {
        long[] sum = w.servers.computeIfAbsent(s.server(), x -> new long[2]);
        sum[0] += s.count();
        sum[1] += s.errors5xx();
      }
      w.noServer += o.noServerCount();
    }
    if (alarm.isEmpty()) {
      return Optional.empty();
    }
    w.fired = true;
    return Optional.of(verdict(slice, w, alarm.get(), baselines.get()));
  }

  /**
   * Watches whose change went stale get no more slices to end them: drop them once per freshness
   * period.
   */
  private void prune(long now) {
    if (lastPruneAt != Long.MIN_VALUE && now - lastPruneAt < settings.freshMs()) {
      return;
    }
    lastPruneAt = now;
    watches.values().removeIf(w -> now - w.change.getTimestamp() >= settings.freshMs());
  }

  /** How many pools are watched (for tests). */
  int watched() {
    return watches.size();
  }

  /** Forgets a pool the assembler forgot. */
  public void forget(String pool) {
    watches.remove(pool);
  }

  private Watch start(String pool, ConfigEntry change, PoolBaseline baseline) {
    // No servers observed yet: the expectation covers every server the baseline or the declaration
    // knows.
    PoolObservation probe =
        new PoolObservation(
            pool,
            change.getTimestamp(),
            change.getTimestamp() + 1,
            List.of(),
            0,
            change.getWeights());
    Expected expected = Expected.resolve(probe, baseline);
    double errors = baseline != null && baseline.isWarm() ? baseline.errorRate() : 0;
    return new Watch(
        change, new ChangeWatch(change.getTimestamp(), expected.shares(), errors, settings));
  }

  private WindowVerdict verdict(
      ClosedWindow slice, Watch w, ChangeWatch.Alarm a, PoolBaseline baseline) {
    List<ServerObservation> servers = new ArrayList<>();
    w.servers.forEach((s, c) -> servers.add(new ServerObservation(s, c[0], c[1], null)));
    PoolObservation since =
        new PoolObservation(
            slice.pool(), w.from, slice.windowEnd(), servers, w.noServer, w.change.getWeights());
    Finding f =
        new Finding(
            a.kind(),
            Severity.CRITICAL,
            a.server(),
            "sequential e-process (mixture likelihood ratio)",
            a.logE(),
            0,
            Math.exp(-a.logE()),
            a.observed() - a.nullBound(),
            a.kind() == AnomalyKind.ERROR_SPIKE ? "5xx rate above bound" : "share beyond bound",
            List.of(),
            a.describe());
    ClosedWindow window = new ClosedWindow(since, slice.windowEnd(), slice.config(), true);
    long learned = baseline == null ? 0 : baseline.healthyWindows();
    return new WindowVerdict(window, analyzer.withFinding(since, baseline, f), learned, w.change);
  }

  private static boolean same(ConfigEntry a, ConfigEntry b) {
    return a.getVersion().equals(b.getVersion()) && a.getTimestamp() == b.getTimestamp();
  }
}
