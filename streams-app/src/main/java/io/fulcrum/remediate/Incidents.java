package io.fulcrum.remediate;

import io.fulcrum.avro.AnomalyKind;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.TimelineEntry;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.detect.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Builds and updates the published {@link Incident}: ids, timeline entries, MTTD/MTTR and
 * summaries.
 */
final class Incidents {
  private Incidents() {}

  /**
   * Deterministic, so a re-run after a crash opens the same incident:
   * "be_web@2026-03-14T09:02:00Z".
   */
  static String incidentId(String pool, long onset) {
    return pool + "@" + Instant.ofEpochMilli(onset);
  }

  /**
   * Deterministic from the incident (name-based UUID), so the actuator can drop a command it has
   * seen.
   */
  static String commandId(String incidentId, int attempt) {
    return UUID.nameUUIDFromBytes(
            ("fulcrum-rollback|" + incidentId + "|" + attempt).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  static Incident open(
      String pool, long onset, long detectedAt, Collection<String> kinds, long now) {
    Incident i =
        Incident.newBuilder()
            .setIncidentId(incidentId(pool, onset))
            .setPool(pool)
            .setState(IncidentState.OPEN)
            .setKinds(new ArrayList<>())
            .setSummary(pool + ": incident open")
            .setOnsetAt(Instant.ofEpochMilli(onset))
            .setDetectedAt(Instant.ofEpochMilli(detectedAt))
            .setUpdatedAt(Instant.ofEpochMilli(now))
            .setTimeline(new ArrayList<>())
            .build();
    addKinds(i, kinds);
    updateDurations(i);
    return i;
  }

  static void addKinds(Incident i, Collection<String> kinds) {
    Set<AnomalyKind> all = EnumSet.noneOf(AnomalyKind.class);
    all.addAll(i.getKinds());
    for (String k : kinds) {
      all.add(kind(k));
    }
    i.setKinds(new ArrayList<>(all));
  }

  /**
   * A stored kind name; one this build does not know becomes UNKNOWN rather than failing the
   * stream.
   */
  private static AnomalyKind kind(String name) {
    try {
      return AnomalyKind.valueOf(name);
    } catch (IllegalArgumentException e) {
      return AnomalyKind.UNKNOWN;
    }
  }

  /** Kind names of the findings, in detector order. */
  static List<String> kinds(List<Finding> findings) {
    return findings.stream().map(f -> f.kind().name()).distinct().toList();
  }

  /**
   * "web-1 got 99% of traffic (expected 25%) and 5xx rate 42% (baseline 0.2%)": one headline per
   * kind.
   */
  static String headline(List<Finding> findings) {
    List<String> parts = new ArrayList<>();
    Set<io.fulcrum.detect.AnomalyKind> seen = EnumSet.noneOf(io.fulcrum.detect.AnomalyKind.class);
    for (Finding f : findings) {
      if (seen.add(f.kind())) {
        parts.add(f.headline() == null || f.headline().isBlank() ? f.kind().name() : f.headline());
      }
    }
    return String.join(" and ", parts);
  }

  /**
   * "IMBALANCE detected: web-1 got 99% of traffic (expected 25%); ERROR_SPIKE detected: 5xx rate
   * 42% ...".
   */
  static String firstAnomaly(List<Finding> findings) {
    List<String> parts = new ArrayList<>();
    Set<io.fulcrum.detect.AnomalyKind> seen = EnumSet.noneOf(io.fulcrum.detect.AnomalyKind.class);
    for (Finding f : findings) {
      if (seen.add(f.kind())) {
        parts.add(f.kind() + " detected: " + (f.headline() == null ? "" : f.headline()));
      }
    }
    return String.join("; ", parts);
  }

  /**
   * Inserts in time order, after entries at the same time (a config change goes before them: it is
   * the cause), so the timeline reads top to bottom like a postmortem's.
   */
  static void append(Incident i, long at, TimelineEventType type, String description) {
    List<TimelineEntry> timeline = new ArrayList<>(i.getTimeline());
    int pos = timeline.size();
    while (pos > 0 && isAfter(timeline.get(pos - 1).getAt().toEpochMilli(), at, type)) {
      pos--;
    }
    timeline.add(
        pos,
        TimelineEntry.newBuilder()
            .setAt(Instant.ofEpochMilli(at))
            .setType(type)
            .setDescription(description)
            .build());
    i.setTimeline(timeline);
  }

  private static boolean isAfter(long existing, long at, TimelineEventType type) {
    return existing > at || (existing == at && type == TimelineEventType.CONFIG_CHANGE);
  }

  static void transition(Incident i, IncidentState state, long now) {
    i.setState(state);
    i.setUpdatedAt(Instant.ofEpochMilli(Math.max(now, i.getUpdatedAt().toEpochMilli())));
  }

  /** MTTD = first anomaly detected - onset; MTTR = recovered - onset. */
  static void updateDurations(Incident i) {
    long onset = i.getOnsetAt().toEpochMilli();
    i.setMttdMs(i.getDetectedAt() == null ? null : i.getDetectedAt().toEpochMilli() - onset);
    i.setMttrMs(i.getRecoveredAt() == null ? null : i.getRecoveredAt().toEpochMilli() - onset);
  }

  /**
   * "be_web: web-1 got 99% of traffic (expected 25%) after config v42 was deployed at 09:02:00 UTC;
   * {status}".
   */
  static String summary(PoolState st, String lookback, String status) {
    Incident i = st.incident;
    String cause =
        i.getSuspectedVersion() == null
            ? "with no config change on "
                + st.pool
                + " in the "
                + lookback
                + " before onset (not explained by a config change)"
            : "after config "
                + i.getSuspectedVersion()
                + " was deployed at "
                + TimelineText.hms(i.getConfigChangeAt().toEpochMilli())
                + " UTC";
    return st.pool + ": " + st.headline + " " + cause + (status.isEmpty() ? "" : "; " + status);
  }

  /**
   * Closes the open incident of a pool that went silent and is forgotten: not recovered, but its
   * alert must end.
   */
  static RemediationOutput forgotten(PoolState st, long at) {
    Incident inc = st.incident;
    if (inc == null) {
      return RemediationOutput.NONE;
    }
    inc.setRecoveredAt(Instant.ofEpochMilli(at));
    updateDurations(inc);
    append(
        inc,
        at,
        TimelineEventType.RECOVERED,
        "no traffic on "
            + st.pool
            + " since "
            + TimelineText.hms(st.lastWindowStart)
            + " UTC: the pool is forgotten and the incident closed, not recovered");
    transition(inc, inc.getState(), at);
    inc.setSummary(inc.getSummary() + "; closed when the pool was forgotten (no traffic)");
    st.close();
    return RemediationOutput.incident(inc);
  }

  /**
   * recoveredAt (MTTR): the first healthy window's start, never before the rollback was applied
   * (mid-window).
   */
  static void recovered(PoolState st, long entryAt, String description) {
    Incident inc = st.incident;
    long applied = inc.getAppliedAt() == null ? Long.MIN_VALUE : inc.getAppliedAt().toEpochMilli();
    inc.setRecoveredAt(Instant.ofEpochMilli(Math.max(st.healthyStreakStart, applied)));
    updateDurations(inc);
    append(inc, entryAt, TimelineEventType.RECOVERED, "recovered: " + description);
  }

  /**
   * A detached copy to publish: later changes to the state must not reach a record already handed
   * out.
   */
  static Incident copy(Incident i) {
    return Incident.newBuilder(i).build();
  }
}
