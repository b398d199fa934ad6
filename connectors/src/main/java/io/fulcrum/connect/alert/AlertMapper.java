package io.fulcrum.connect.alert;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.ConfigChangeRef;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.serde.DiagnosisText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Fulcrum's anomalies and incidents as Alertmanager alerts. Labels (alertname, pool, kind,
 * severity, and server for a per-server anomaly) stay the same over an anomaly's or incident's life
 * wherever the data allows, because Alertmanager tells alerts apart by their labels.
 */
final class AlertMapper {
  private static final DateTimeFormatter HM =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private final AlertmanagerSinkConfig config;
  private final Clock clock;

  AlertMapper(AlertmanagerSinkConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Which Fulcrum object an alert stands for: its alerts replace each other. */
  static String identity(AnomalyEvent a) {
    return "anomaly/" + a.getId();
  }

  static String identity(Incident i) {
    return "incident/" + i.getIncidentId();
  }

  Alert toAlert(AnomalyEvent a) {
    Map<String, String> labels =
        labels(
            config.anomalyAlertName(),
            a.getPool(),
            a.getKind().name(),
            a.getSeverity().name().toLowerCase(Locale.ROOT));
    if (a.getServer() != null) {
      labels.put("server", a.getServer());
    }
    Map<String, String> ann = new LinkedHashMap<>();
    ann.put("summary", a.getSummary());
    ann.put("description", Evidences.describe(a.getEvidence()));
    ann.put("anomaly_id", a.getId());
    ann.put("status", a.getStatus().name());
    ann.put("window", a.getWindowStart() + " .. " + a.getWindowEnd());
    ConfigChangeRef cause = a.getSuspectedCause();
    ann.put(
        "suspected_cause",
        cause == null
            ? "none: not explained by a config change"
            : "config "
                + cause.getVersion()
                + " deployed at "
                + cause.getDeployedAt()
                + (cause.getAuthor() == null ? "" : " by " + cause.getAuthor())
                + " ("
                + cause.getSecondsBeforeOnset()
                + " s before onset)");
    if (!a.getDiagnosis().isEmpty()) {
      ann.put("diagnosis", DiagnosisText.summary(a.getDiagnosis()));
    }
    String link = uiLink("/pools/", a.getPool());
    if (link != null) {
      ann.put("pool_url", link);
    }
    Instant endsAt = a.getStatus() == AnomalyStatus.CLEARED ? pastOrNow(a.getDetectedAt()) : null;
    return new Alert(
        Map.copyOf(labels),
        Map.copyOf(ann),
        a.getOnset(),
        endsAt,
        link != null ? link : generator());
  }

  Alert toAlert(Incident i) {
    String kind = i.getKinds().isEmpty() ? "UNKNOWN" : i.getKinds().get(0).name();
    // Awaiting approval needs a human as much as an escalation does: nothing happens until one
    // answers.
    boolean needsHuman =
        i.getState() == IncidentState.ESCALATED
            || i.getState() == IncidentState.ALERT_ONLY
            || i.getState() == IncidentState.AWAITING_APPROVAL;
    Map<String, String> labels =
        labels(config.incidentAlertName(), i.getPool(), kind, needsHuman ? "critical" : "warning");
    Map<String, String> ann = new LinkedHashMap<>();
    ann.put("summary", i.getSummary());
    ann.put("description", incidentDescription(i));
    ann.put("incident_id", i.getIncidentId());
    ann.put("state", i.getState().name());
    ann.put("kinds", i.getKinds().stream().map(Enum::name).collect(Collectors.joining(",")));
    if (!i.getDiagnosis().isEmpty()) {
      ann.put("diagnosis", DiagnosisText.summary(i.getDiagnosis()));
    }
    if (i.getState() == IncidentState.AWAITING_APPROVAL) {
      ann.put(
          "approval",
          "awaiting approval of rollback "
              + i.getSuspectedVersion()
              + " -> "
              + i.getLastKnownGoodVersion()
              + (i.getApprovalExpiresAt() == null
                  ? ""
                  : ", expires " + HM.format(i.getApprovalExpiresAt()) + " UTC")
              + " (fulcrum approve "
              + i.getIncidentId()
              + ")");
    }
    if (!i.getTimeline().isEmpty()) {
      ann.put("last_event", i.getTimeline().get(i.getTimeline().size() - 1).getDescription());
    }
    String link = uiLink("/incidents/", i.getIncidentId());
    if (link != null) {
      ann.put("incident_url", link);
    }
    return new Alert(
        Map.copyOf(labels),
        Map.copyOf(ann),
        i.getOnsetAt(),
        closedAt(i),
        link != null ? link : generator());
  }

  /**
   * RESOLVED closes an incident; ESCALATED and ALERT_ONLY ones close when the pool has recovered.
   */
  private Instant closedAt(Incident i) {
    if (i.getState() == IncidentState.RESOLVED) {
      return pastOrNow(i.getResolvedAt() != null ? i.getResolvedAt() : i.getUpdatedAt());
    }
    boolean humanStateClosed =
        (i.getState() == IncidentState.ESCALATED || i.getState() == IncidentState.ALERT_ONLY)
            && i.getRecoveredAt() != null;
    return humanStateClosed ? pastOrNow(i.getUpdatedAt()) : null;
  }

  private static String incidentDescription(Incident i) {
    StringBuilder b = new StringBuilder("state ").append(i.getState());
    if (i.getSuspectedVersion() != null) {
      b.append("; suspected config ").append(i.getSuspectedVersion());
    }
    if (i.getLastKnownGoodVersion() != null) {
      b.append("; last known good ").append(i.getLastKnownGoodVersion());
    }
    if (i.getRollbackCommandId() != null) {
      b.append("; rollback command ").append(i.getRollbackCommandId());
    }
    if (i.getEscalationReason() != null) {
      b.append("; escalated: ").append(i.getEscalationReason());
    }
    if (i.getMttdMs() != null) {
      b.append("; MTTD ").append(i.getMttdMs() / 1000).append(" s");
    }
    if (i.getMttrMs() != null) {
      b.append("; MTTR ").append(i.getMttrMs() / 1000).append(" s");
    }
    return b.toString();
  }

  private Map<String, String> labels(String alertName, String pool, String kind, String severity) {
    Map<String, String> labels = new LinkedHashMap<>(config.extraLabels());
    labels.put("alertname", alertName);
    labels.put("pool", pool);
    labels.put("kind", kind);
    labels.put("severity", severity);
    return labels;
  }

  /**
   * Event time can run ahead of this clock; Alertmanager only treats an endsAt in the past as
   * resolved.
   */
  private Instant pastOrNow(Instant t) {
    Instant now = clock.instant();
    return t == null || t.isAfter(now) ? now : t;
  }

  /** The web UI's page of a pool or incident, or null when {@code alert.ui.url} is not set. */
  private String uiLink(String page, String id) {
    if (config.uiUrl().isEmpty()) {
      return null;
    }
    // '@' and ':' are legal in a path and keep incident ids readable; anything else unusual is
    // escaped.
    String segment =
        URLEncoder.encode(id, StandardCharsets.UTF_8)
            .replace("+", "%20")
            .replace("%40", "@")
            .replace("%3A", ":");
    return config.uiUrl() + page + segment;
  }

  private String generator() {
    return config.generatorUrl().isEmpty() ? null : config.generatorUrl();
  }
}
