package io.fulcrum.anomaly;

import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.internal.TrackerState;
import io.fulcrum.detect.AnomalyKind;
import io.fulcrum.detect.Finding;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns per-window findings into a quiet event stream: one anomaly per pool and kind, STARTED once,
 * ONGOING at most every {@code updateEvery} windows (or at once when it gets more severe), CLEARED
 * after {@code clearAfter} consecutive clean windows. Pure logic over the stored tracker map.
 */
public final class AnomalyLifecycle {
  /** What to publish for one kind this window. */
  public record Transition(
      AnomalyStatus status, AnomalyKind kind, TrackerState tracker, Finding finding) {}

  private final int updateEvery;
  private final int clearAfter;

  public AnomalyLifecycle(int updateEvery, int clearAfter) {
    this.updateEvery = updateEvery;
    this.clearAfter = clearAfter;
  }

  /**
   * @param trackers active anomalies of the pool by kind name; updated in place
   * @return the events to publish, in kind order
   */
  public List<Transition> step(
      String pool,
      long windowStart,
      long windowEnd,
      List<Finding> findings,
      Map<String, TrackerState> trackers) {
    Map<AnomalyKind, Finding> byKind = new EnumMap<>(AnomalyKind.class);
    for (Finding f : findings) {
      byKind.merge(f.kind(), f, (a, b) -> b.severity().compareTo(a.severity()) > 0 ? b : a);
    }
    List<Transition> out = new ArrayList<>();
    for (AnomalyKind kind : AnomalyKind.values()) {
      Finding f = byKind.get(kind);
      TrackerState t = trackers.get(kind.name());
      if (f != null && t == null) {
        t =
            TrackerState.newBuilder()
                .setAnomalyId(pool + "|" + kind + "|" + windowStart)
                .setKind(kind.name())
                .setServer(f.server())
                .setOnset(windowStart)
                .setLastEmittedWindowEnd(windowEnd)
                .setWindowsSinceEmit(0)
                .setCleanStreak(0)
                .setSeverity(f.severity().name())
                .build();
        trackers.put(kind.name(), t);
        out.add(new Transition(AnomalyStatus.STARTED, kind, t, f));
      } else if (f != null) {
        boolean worse =
            f.severity().name().equals("CRITICAL") && !t.getSeverity().equals("CRITICAL");
        t.setCleanStreak(0);
        t.setServer(f.server());
        t.setWindowsSinceEmit(t.getWindowsSinceEmit() + 1);
        if (worse || t.getWindowsSinceEmit() >= updateEvery) {
          t.setSeverity(f.severity().name());
          t.setWindowsSinceEmit(0);
          t.setLastEmittedWindowEnd(windowEnd);
          out.add(new Transition(AnomalyStatus.ONGOING, kind, t, f));
        }
      } else if (t != null) {
        t.setCleanStreak(t.getCleanStreak() + 1);
        if (t.getCleanStreak() >= clearAfter) {
          trackers.remove(kind.name());
          out.add(new Transition(AnomalyStatus.CLEARED, kind, t, null));
        }
      }
    }
    return out;
  }

  public static Map<String, TrackerState> mutableCopy(Map<String, TrackerState> stored) {
    Map<String, TrackerState> m = new HashMap<>();
    if (stored != null) {
      stored.forEach((k, v) -> m.put(k, TrackerState.newBuilder(v).build()));
    }
    return m;
  }
}
