package io.fulcrum.remediate;

import io.fulcrum.avro.AnomalyKind;
import io.fulcrum.avro.DiagnosisEntry;
import io.fulcrum.avro.DiagnosisTheory;
import io.fulcrum.avro.DiagnosisVerdict;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.TimelineEntry;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.avro.internal.DiagnosisNote;
import io.fulcrum.avro.internal.IncidentEvent;
import io.fulcrum.avro.internal.OpenIncident;
import io.fulcrum.avro.internal.RemediationState;
import io.fulcrum.detect.Finding;
import io.fulcrum.distribution.ClosedWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One pool's remediation state, mutated in place by {@link RemediationPolicy}. Stored as {@link
 * RemediationState} (internal Avro, so the store does not follow the published Incident schema's
 * evolution).
 */
public final class PoolState {
  final String pool;
  long lastWindowStart = Long.MIN_VALUE;
  int anomalyStreak;
  long streakOnset;
  long streakDetectedAt;
  String streakHeadline = "";
  String streakFirstAnomaly = "";
  final Set<String> streakKinds = new LinkedHashSet<>();
  int healthyStreak;
  long healthyStreakStart;
  final VersionLedger versions;
  final List<Long> rollbacksIssuedAt = new ArrayList<>();

  /** The open incident, as it will be published; null when the pool has none. */
  Incident incident;

  /** The open incident's first findings, which every summary starts with. */
  String headline = "";

  int attempts;
  int windowsSinceIssue;
  int verifyWindows;
  boolean resultReceived;
  boolean dryRunApplied;

  /**
   * Approve mode: the version a pending proposal rolls back from (to lastKnownGoodVersion); null if
   * none.
   */
  String proposedFrom;

  /** How the last proposal ended ("declined by bob at ..."): why a later answer is ignored. */
  String approvalNote = "";

  private PoolState(String pool, VersionLedger versions) {
    this.pool = pool;
    this.versions = versions;
  }

  public static PoolState empty(String pool) {
    return new PoolState(pool, new VersionLedger(null));
  }

  public String pool() {
    return pool;
  }

  /** A copy of the open incident, if any. */
  public Optional<Incident> openIncident() {
    return Optional.ofNullable(incident).map(i -> Incident.newBuilder(i).build());
  }

  public VersionLedger versions() {
    return versions;
  }

  /**
   * Counts a window into the anomalous or the healthy streak (the policy decides on the streaks).
   */
  void track(ClosedWindow w, List<Finding> findings, boolean healthy) {
    if (!findings.isEmpty()) {
      if (anomalyStreak == 0) {
        streakOnset = w.windowStart();
        streakDetectedAt = w.closedAt();
        streakHeadline = Incidents.headline(findings);
        streakFirstAnomaly = Incidents.firstAnomaly(findings);
        streakKinds.clear();
      }
      anomalyStreak++;
      streakKinds.addAll(Incidents.kinds(findings));
      healthyStreak = 0;
    } else if (healthy
        && (incident == null || w.windowStart() >= incident.getOnsetAt().toEpochMilli())) {
      // A window that began before the onset (a fast alarm's onset falls mid-window) proves no
      // recovery.
      if (healthyStreak == 0) {
        healthyStreakStart = w.windowStart();
      }
      healthyStreak++;
      anomalyStreak = 0;
    }
    // Neither (too little traffic to call it healthy): proves nothing either way, so both streaks
    // stand.
  }

  /** Starts bookkeeping for a new incident. */
  void open(Incident opened, String openedHeadline) {
    incident = opened;
    headline = openedHeadline;
    attempts = 0;
    windowsSinceIssue = 0;
    verifyWindows = 0;
    resultReceived = false;
    dryRunApplied = false;
    proposedFrom = null;
    approvalNote = "";
  }

  void close() {
    open(null, "");
  }

  public static PoolState fromAvro(RemediationState s) {
    PoolState p = new PoolState(s.getPool(), new VersionLedger(s.getVersions()));
    p.lastWindowStart = s.getLastWindowStart();
    p.anomalyStreak = s.getAnomalyStreak();
    p.streakOnset = s.getStreakOnset();
    p.streakDetectedAt = s.getStreakDetectedAt();
    p.streakHeadline = s.getStreakHeadline();
    p.streakFirstAnomaly = s.getStreakFirstAnomaly();
    p.streakKinds.addAll(s.getStreakKinds());
    p.healthyStreak = s.getHealthyStreak();
    p.healthyStreakStart = s.getHealthyStreakStart();
    p.rollbacksIssuedAt.addAll(s.getRollbacksIssuedAt());
    OpenIncident o = s.getIncident();
    if (o != null) {
      p.incident = fromAvro(s.getPool(), o);
      p.headline = o.getHeadline();
      p.attempts = o.getAttempts();
      p.windowsSinceIssue = o.getWindowsSinceIssue();
      p.verifyWindows = o.getVerifyWindows();
      p.resultReceived = o.getResultReceived();
      p.dryRunApplied = o.getDryRunApplied();
      p.proposedFrom = o.getProposedFrom();
      p.approvalNote = o.getApprovalNote();
    }
    return p;
  }

  public RemediationState toAvro() {
    return RemediationState.newBuilder()
        .setPool(pool)
        .setLastWindowStart(lastWindowStart)
        .setAnomalyStreak(anomalyStreak)
        .setStreakOnset(streakOnset)
        .setStreakDetectedAt(streakDetectedAt)
        .setStreakHeadline(streakHeadline)
        .setStreakFirstAnomaly(streakFirstAnomaly)
        .setStreakKinds(new ArrayList<>(streakKinds))
        .setHealthyStreak(healthyStreak)
        .setHealthyStreakStart(healthyStreakStart)
        .setVersions(versions.toAvro())
        .setRollbacksIssuedAt(new ArrayList<>(rollbacksIssuedAt))
        .setIncident(incident == null ? null : toAvro(incident))
        .build();
  }

  private OpenIncident toAvro(Incident i) {
    List<IncidentEvent> timeline = new ArrayList<>();
    for (TimelineEntry e : i.getTimeline()) {
      timeline.add(
          IncidentEvent.newBuilder()
              .setAt(e.getAt().toEpochMilli())
              .setType(e.getType().name())
              .setDescription(e.getDescription())
              .build());
    }
    return OpenIncident.newBuilder()
        .setIncidentId(i.getIncidentId())
        .setState(i.getState().name())
        .setKinds(i.getKinds().stream().map(Enum::name).toList())
        .setSummary(i.getSummary())
        .setHeadline(headline)
        .setSuspectedVersion(i.getSuspectedVersion())
        .setLastKnownGoodVersion(i.getLastKnownGoodVersion())
        .setRollbackCommandId(i.getRollbackCommandId())
        .setConfigChangeAt(millis(i.getConfigChangeAt()))
        .setOnsetAt(i.getOnsetAt().toEpochMilli())
        .setDetectedAt(millis(i.getDetectedAt()))
        .setRollbackIssuedAt(millis(i.getRollbackIssuedAt()))
        .setAppliedAt(millis(i.getAppliedAt()))
        .setRecoveredAt(millis(i.getRecoveredAt()))
        .setResolvedAt(millis(i.getResolvedAt()))
        .setEscalationReason(i.getEscalationReason())
        .setUpdatedAt(i.getUpdatedAt().toEpochMilli())
        .setTimeline(timeline)
        .setAttempts(attempts)
        .setWindowsSinceIssue(windowsSinceIssue)
        .setVerifyWindows(verifyWindows)
        .setResultReceived(resultReceived)
        .setDryRunApplied(dryRunApplied)
        .setProposedFrom(proposedFrom)
        .setApprovalNote(approvalNote)
        .setApprovalExpiresAt(millis(i.getApprovalExpiresAt()))
        .setDiagnosis(
            i.getDiagnosis().stream()
                .map(
                    d ->
                        DiagnosisNote.newBuilder()
                            .setTheory(d.getTheory().name())
                            .setVerdict(d.getVerdict().name())
                            .setReason(d.getReason())
                            .build())
                .toList())
        .build();
  }

  private static Incident fromAvro(String pool, OpenIncident o) {
    List<TimelineEntry> timeline = new ArrayList<>();
    for (IncidentEvent e : o.getTimeline()) {
      timeline.add(
          TimelineEntry.newBuilder()
              .setAt(Instant.ofEpochMilli(e.getAt()))
              .setType(enumOr(TimelineEventType.class, e.getType(), TimelineEventType.UNKNOWN))
              .setDescription(e.getDescription())
              .build());
    }
    Incident i =
        Incident.newBuilder()
            .setIncidentId(o.getIncidentId())
            .setPool(pool)
            .setState(enumOr(IncidentState.class, o.getState(), IncidentState.UNKNOWN))
            .setKinds(
                o.getKinds().stream()
                    .map(k -> enumOr(AnomalyKind.class, k, AnomalyKind.UNKNOWN))
                    .toList())
            .setSummary(o.getSummary())
            .setSuspectedVersion(o.getSuspectedVersion())
            .setLastKnownGoodVersion(o.getLastKnownGoodVersion())
            .setRollbackCommandId(o.getRollbackCommandId())
            .setConfigChangeAt(instant(o.getConfigChangeAt()))
            .setOnsetAt(Instant.ofEpochMilli(o.getOnsetAt()))
            .setDetectedAt(instant(o.getDetectedAt()))
            .setRollbackIssuedAt(instant(o.getRollbackIssuedAt()))
            .setAppliedAt(instant(o.getAppliedAt()))
            .setRecoveredAt(instant(o.getRecoveredAt()))
            .setResolvedAt(instant(o.getResolvedAt()))
            .setEscalationReason(o.getEscalationReason())
            .setUpdatedAt(Instant.ofEpochMilli(o.getUpdatedAt()))
            .setTimeline(timeline)
            .setApprovalExpiresAt(instant(o.getApprovalExpiresAt()))
            .setDiagnosis(
                o.getDiagnosis().stream()
                    .map(
                        d ->
                            DiagnosisEntry.newBuilder()
                                .setTheory(
                                    enumOr(
                                        DiagnosisTheory.class,
                                        d.getTheory(),
                                        DiagnosisTheory.UNKNOWN))
                                .setVerdict(
                                    enumOr(
                                        DiagnosisVerdict.class,
                                        d.getVerdict(),
                                        DiagnosisVerdict.UNKNOWN))
                                .setReason(d.getReason())
                                .build())
                    .toList())
            .build();
    Incidents.updateDurations(i);
    return i;
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static Instant instant(Long ms) {
    return ms == null ? null : Instant.ofEpochMilli(ms);
  }

  private static <E extends Enum<E>> E enumOr(Class<E> type, String name, E fallback) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }
}
