package io.fulcrum.query;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.ServerShare;
import io.fulcrum.avro.TimelineEntry;
import io.fulcrum.detect.PoolBaseline;
import java.time.Instant;
import java.util.List;

/**
 * The query API's JSON shapes (version 1), as Java records that Jackson writes. They are also what the recent-*
 * stores hold, so a stored snapshot is served as is. Times are ISO-8601 UTC strings. Add fields only: clients of
 * {@code /api/v1} may rely on every field here.
 */
public final class Views {
  private Views() {}

  /** One server in one window: its share against the expected one, 5xx and p95 against the pool's baseline. */
  public record ServerView(String server, long count, long errors5xx, double share, Double expectedShare,
      Integer p95Ms, Integer baselineP95Ms, Double baselineErrorRate) {}

  /** One closed window of a pool. */
  public record WindowView(String pool, String windowStart, String windowEnd, long totalCount, long totalErrors5xx,
      long noServerCount, String configVersion, String expectedSource, boolean healthy, List<ServerView> servers) {}

  public record TimelineView(String at, String type, String description) {}

  /** The latest snapshot of an incident, with its timeline. */
  public record IncidentView(String incidentId, String pool, String state, List<String> kinds, String summary,
      String suspectedVersion, String lastKnownGoodVersion, String onsetAt, String detectedAt,
      String rollbackIssuedAt, String resolvedAt, String escalationReason, String updatedAt,
      List<TimelineView> timeline) {

    /** Open until it is resolved, escalated (a human owns it then) or alert-only. */
    public boolean open() {
      return state.equals("OPEN") || state.equals("ROLLBACK_ISSUED") || state.equals("VERIFYING");
    }
  }

  /** The latest event of one anomaly (STARTED, ONGOING or CLEARED). */
  public record AnomalyView(String id, String pool, String kind, String status, String severity, String server,
      String windowStart, String onset, String detectedAt, String suspectedVersion, String summary) {}

  /** {@code baseline} is the pool's learned baseline (null before it has one). */
  public static WindowView window(PoolWindow w, PoolBaseline baseline) {
    List<ServerView> servers = w.getServers().stream().map(s -> server(s, baseline)).toList();
    return new WindowView(w.getPool(), iso(w.getWindowStart()), iso(w.getWindowEnd()), w.getTotalCount(),
        w.getTotalErrors5xx(), w.getNoServerCount(), w.getConfigVersion(), w.getExpectedSource().name(),
        w.getHealthy(), servers);
  }

  private static ServerView server(ServerShare s, PoolBaseline b) {
    boolean known = b != null && b.servers().contains(s.getServer());
    Integer p95 = known ? b.p95Ms(s.getServer()) : null;
    return new ServerView(s.getServer(), s.getCount(), s.getErrors5xx(), s.getShare(), s.getExpectedShare(),
        s.getLatencyP95Ms(), p95 == null || p95 == 0 ? null : p95, known ? b.serverErrorRate(s.getServer()) : null);
  }

  public static IncidentView incident(Incident i) {
    return new IncidentView(i.getIncidentId(), i.getPool(), i.getState().name(),
        i.getKinds().stream().map(Enum::name).toList(), i.getSummary(), i.getSuspectedVersion(),
        i.getLastKnownGoodVersion(), iso(i.getOnsetAt()), iso(i.getDetectedAt()), iso(i.getRollbackIssuedAt()),
        iso(i.getResolvedAt()), i.getEscalationReason(), iso(i.getUpdatedAt()),
        i.getTimeline().stream().map(Views::entry).toList());
  }

  private static TimelineView entry(TimelineEntry e) {
    return new TimelineView(iso(e.getAt()), e.getType().name(), e.getDescription());
  }

  public static AnomalyView anomaly(AnomalyEvent a) {
    return new AnomalyView(a.getId(), a.getPool(), a.getKind().name(), a.getStatus().name(), a.getSeverity().name(),
        a.getServer(), iso(a.getWindowStart()), iso(a.getOnset()), iso(a.getDetectedAt()),
        a.getSuspectedCause() == null ? null : a.getSuspectedCause().getVersion(), a.getSummary());
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
