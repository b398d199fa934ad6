package io.fulcrum.query;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.DiagnosisEntry;
import io.fulcrum.avro.Evidence;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.ServerShare;
import io.fulcrum.avro.TimelineEntry;
import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.detect.PoolBaseline;
import java.time.Instant;
import java.util.List;

/**
 * The query API's JSON shapes (version 1), as Java records that Jackson writes. They are also what
 * the recent-* stores hold, so a stored snapshot is served as is. Times are ISO-8601 UTC strings.
 * Add fields only: clients of {@code /api/v1} may rely on every field here.
 */
public final class Views {
  private Views() {}

  /**
   * One server in one window: its share against the expected one, 5xx and p95 against the pool's
   * baseline.
   */
  public record ServerView(
      String server,
      long count,
      long errors5xx,
      double share,
      Double expectedShare,
      Integer p95Ms,
      Integer baselineP95Ms,
      Double baselineErrorRate) {}

  /** One closed window of a pool. */
  public record WindowView(
      String pool,
      String windowStart,
      String windowEnd,
      long totalCount,
      long totalErrors5xx,
      long noServerCount,
      String configVersion,
      String expectedSource,
      boolean healthy,
      List<ServerView> servers) {}

  public record TimelineView(String at, String type, String description) {}

  /** The latest snapshot of an incident, with its timeline. */
  public record IncidentView(
      String incidentId,
      String pool,
      String state,
      List<String> kinds,
      String summary,
      String suspectedVersion,
      String lastKnownGoodVersion,
      String onsetAt,
      String detectedAt,
      String rollbackIssuedAt,
      String resolvedAt,
      String escalationReason,
      String updatedAt,
      List<TimelineView> timeline,
      String configChangeAt,
      String approvalExpiresAt,
      List<DiagnosisView> diagnosis) {

    /**
     * Open until it is resolved, escalated (a human owns it then) or alert-only; a pending proposal
     * is open.
     */
    public boolean open() {
      return state.equals("OPEN")
          || state.equals("ROLLBACK_ISSUED")
          || state.equals("VERIFYING")
          || state.equals("AWAITING_APPROVAL");
    }
  }

  /** One theory of the outage judged from the anomalous window (ROUTING, ONE_SERVER, ...). */
  public record DiagnosisView(String theory, String verdict, String reason) {}

  /** One server's numbers behind a finding. */
  public record ServerEvidenceView(
      String server,
      long observedCount,
      double expectedCount,
      double observedShare,
      double expectedShare,
      double errorRate,
      double baselineErrorRate,
      int p95Ms,
      int baselineP95Ms) {}

  /**
   * The statistics that fired: the test, its statistic and p-value, the effect, and each server's
   * numbers.
   */
  public record EvidenceView(
      String test,
      double statistic,
      int degreesOfFreedom,
      double pValue,
      double effectSize,
      String effectMeasure,
      String expectedSource,
      int baselineWindows,
      long totalCount,
      List<ServerEvidenceView> servers) {}

  /** The latest event of one anomaly (STARTED, ONGOING or CLEARED). */
  public record AnomalyView(
      String id,
      String pool,
      String kind,
      String status,
      String severity,
      String server,
      String windowStart,
      String onset,
      String detectedAt,
      String suspectedVersion,
      String summary,
      EvidenceView evidence,
      List<DiagnosisView> diagnosis) {}

  /**
   * One config version of a pool as deployed (a rollback shows as the older version deployed
   * again).
   */
  public record ChangeView(String version, String at, String author, String description) {}

  /** {@code baseline} is the pool's learned baseline (null before it has one). */
  public static WindowView window(PoolWindow w, PoolBaseline baseline) {
    List<ServerView> servers = w.getServers().stream().map(s -> server(s, baseline)).toList();
    return new WindowView(
        w.getPool(),
        iso(w.getWindowStart()),
        iso(w.getWindowEnd()),
        w.getTotalCount(),
        w.getTotalErrors5xx(),
        w.getNoServerCount(),
        w.getConfigVersion(),
        w.getExpectedSource().name(),
        w.getHealthy(),
        servers);
  }

  private static ServerView server(ServerShare s, PoolBaseline b) {
    boolean known = b != null && b.servers().contains(s.getServer());
    Integer p95 = known ? b.p95Ms(s.getServer()) : null;
    return new ServerView(
        s.getServer(),
        s.getCount(),
        s.getErrors5xx(),
        s.getShare(),
        s.getExpectedShare(),
        s.getLatencyP95Ms(),
        p95 == null || p95 == 0 ? null : p95,
        known ? b.serverErrorRate(s.getServer()) : null);
  }

  public static IncidentView incident(Incident i) {
    return new IncidentView(
        i.getIncidentId(),
        i.getPool(),
        i.getState().name(),
        i.getKinds().stream().map(Enum::name).toList(),
        i.getSummary(),
        i.getSuspectedVersion(),
        i.getLastKnownGoodVersion(),
        iso(i.getOnsetAt()),
        iso(i.getDetectedAt()),
        iso(i.getRollbackIssuedAt()),
        iso(i.getResolvedAt()),
        i.getEscalationReason(),
        iso(i.getUpdatedAt()),
        i.getTimeline().stream().map(Views::entry).toList(),
        iso(i.getConfigChangeAt()),
        iso(i.getApprovalExpiresAt()),
        diagnosis(i.getDiagnosis()));
  }

  /**
   * A CLEARED event's evidence is empty (test "none"): the stored anomaly keeps the evidence and
   * diagnosis of its last firing event instead, so an incident's page can still show the statistics
   * that fired.
   */
  public static AnomalyView keepFiringEvidence(AnomalyView previous, AnomalyView next) {
    if (previous == null || previous.evidence() == null || !next.status().equals("CLEARED")) {
      return next;
    }
    return new AnomalyView(
        next.id(),
        next.pool(),
        next.kind(),
        next.status(),
        next.severity(),
        next.server(),
        next.windowStart(),
        next.onset(),
        next.detectedAt(),
        next.suspectedVersion(),
        next.summary(),
        previous.evidence(),
        previous.diagnosis());
  }

  private static List<DiagnosisView> diagnosis(List<DiagnosisEntry> d) {
    return d == null
        ? List.of()
        : d.stream()
            .map(e -> new DiagnosisView(e.getTheory().name(), e.getVerdict().name(), e.getReason()))
            .toList();
  }

  private static EvidenceView evidence(Evidence e) {
    if (e == null) {
      return null;
    }
    List<ServerEvidenceView> servers =
        e.getServers().stream()
            .map(
                s ->
                    new ServerEvidenceView(
                        s.getServer(),
                        s.getObservedCount(),
                        s.getExpectedCount(),
                        s.getObservedShare(),
                        s.getExpectedShare(),
                        s.getErrorRate(),
                        s.getBaselineErrorRate(),
                        s.getP95Ms(),
                        s.getBaselineP95Ms()))
            .toList();
    return new EvidenceView(
        e.getTest(),
        e.getStatistic(),
        e.getDegreesOfFreedom(),
        e.getPValue(),
        e.getEffectSize(),
        e.getEffectMeasure(),
        e.getExpectedSource().name(),
        e.getBaselineWindows(),
        e.getTotalCount(),
        servers);
  }

  public static ChangeView change(ConfigEntry e) {
    return new ChangeView(
        e.getVersion(),
        iso(Instant.ofEpochMilli(e.getTimestamp())),
        e.getAuthor(),
        e.getDescription());
  }

  private static TimelineView entry(TimelineEntry e) {
    return new TimelineView(iso(e.getAt()), e.getType().name(), e.getDescription());
  }

  public static AnomalyView anomaly(AnomalyEvent a) {
    return new AnomalyView(
        a.getId(),
        a.getPool(),
        a.getKind().name(),
        a.getStatus().name(),
        a.getSeverity().name(),
        a.getServer(),
        iso(a.getWindowStart()),
        iso(a.getOnset()),
        iso(a.getDetectedAt()),
        a.getSuspectedCause() == null ? null : a.getSuspectedCause().getVersion(),
        a.getSummary(),
        evidence(a.getEvidence()),
        diagnosis(a.getDiagnosis()));
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
