package io.fulcrum.remediate;

import io.fulcrum.avro.DiagnosisEntry;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.TimelineEntry;
import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.serde.DiagnosisText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Prints an incident the way the postmortems read, so the comparison is obvious:
 *
 * <pre>
 * Incident be_web@2026-03-14T09:02:00Z on be_web (2026-03-14): RESOLVED
 * 09:02:00 UTC - config v42 deployed by alice: pool typo
 * 09:02:00 UTC - onset: first anomalous window on be_web
 * 09:02:12 UTC - IMBALANCE detected: web-1 got 99% of traffic (expected 25%)
 * 09:02:22 UTC - rollback issued: v42 -&gt; v41 (last known good) ...
 * ...
 * MTTD 12 s, MTTR 30 s
 * </pre>
 */
public final class TimelineText {
  private static final DateTimeFormatter HMS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private TimelineText() {}

  public static String render(Incident incident) {
    StringBuilder sb = new StringBuilder();
    sb.append("Incident ")
        .append(incident.getIncidentId())
        .append(" on ")
        .append(incident.getPool())
        .append(" (")
        .append(DATE.format(incident.getOnsetAt()))
        .append("): ")
        .append(incident.getState())
        .append('\n');
    sb.append(incident.getSummary()).append('\n');
    List<TimelineEntry> entries = new ArrayList<>(incident.getTimeline());
    entries.sort(
        Comparator.comparing(TimelineEntry::getAt)); // stable: equal times keep their order
    for (TimelineEntry e : entries) {
      sb.append(HMS.format(e.getAt())).append(" UTC - ").append(e.getDescription()).append('\n');
    }
    if (!incident.getDiagnosis().isEmpty()) {
      sb.append("Diagnosis:\n");
      for (DiagnosisEntry d : incident.getDiagnosis()) {
        sb.append("  ").append(DiagnosisText.line(d)).append('\n');
      }
    }
    sb.append("MTTD ")
        .append(incident.getMttdMs() == null ? "-" : duration(incident.getMttdMs()))
        .append(", MTTR ")
        .append(
            incident.getMttrMs() == null ? "- (not recovered yet)" : duration(incident.getMttrMs()))
        .append('\n');
    return sb.toString();
  }

  /** "09:02:00" (UTC). */
  public static String hms(long epochMs) {
    return HMS.format(Instant.ofEpochMilli(epochMs));
  }

  /** "0.8 s", "12 s", "4 min 10 s", "2 h 5 min": the units the postmortems use. */
  public static String duration(long ms) {
    if (ms < 0) {
      return "-" + duration(-ms);
    }
    if (ms < 10_000 && ms % 1000 != 0) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
  }

  /** "config v42 deployed by alice: ..." for the timeline. */
  static String deployed(ConfigEntry c) {
    return "config "
        + c.getVersion()
        + " deployed"
        + (c.getAuthor() == null ? "" : " by " + c.getAuthor())
        + (c.getDescription() == null ? "" : ": " + c.getDescription());
  }

  /** What the actuator reported, for the timeline. */
  static String applied(RemediationResult r) {
    String took = TimelineText.duration(r.getDurationMs());
    return switch (r.getOutcome()) {
      case NOOP_ALREADY_ACTIVE ->
          "actuator found "
              + r.getRequestedVersion()
              + " already active ("
              + r.getBackend()
              + ", "
              + took
              + ")";
      case DRY_RUN ->
          "actuator dry run: would apply "
              + r.getRequestedVersion()
              + ", nothing changed ("
              + r.getBackend()
              + ")";
      default ->
          "actuator applied "
              + r.getRequestedVersion()
              + " in "
              + took
              + " ("
              + r.getBackend()
              + ")";
    };
  }
}
