package io.fulcrum.connect.alert;

import static io.fulcrum.connect.alert.AlertFixtures.ONSET;
import static io.fulcrum.connect.alert.AlertFixtures.anomaly;
import static io.fulcrum.connect.alert.AlertFixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.DiagnosisEntry;
import io.fulcrum.avro.DiagnosisTheory;
import io.fulcrum.avro.DiagnosisVerdict;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertMapperTest {
  private static final Instant NOW = ONSET.plusSeconds(3600);
  private final AlertmanagerSinkConfig config =
      AlertmanagerSinkConfig.from(
          Map.of("alertmanager.urls", "http://am:9093", "alert.extra.labels", "env=prod"));
  private final AlertMapper mapper = new AlertMapper(config, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aStartedAnomalyFiresWithItsLabelsSummaryAndEvidence() {
    Alert a = mapper.toAlert(anomaly("be_web", AnomalyStatus.STARTED, Severity.CRITICAL));
    assertThat(a.labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "alertname",
                "FulcrumAnomaly",
                "pool",
                "be_web",
                "kind",
                "IMBALANCE",
                "severity",
                "critical",
                "env",
                "prod"));
    assertThat(a.startsAt()).isEqualTo(ONSET);
    assertThat(a.resolved()).isFalse();
    assertThat(a.annotations().get("summary")).startsWith("be_web: web-1 got 99% of traffic");
    assertThat(a.annotations().get("description"))
        .isEqualTo(
            "G-test statistic=812.5 df=3 p=1.00e-170; "
                + "total variation distance=0.740 over 1000 requests; expected shares from DECLARED; "
                + "web-1 99.0% (expected 25.0%, 990 requests, 5xx 42.0%, p95 120 ms), "
                + "web-3 0.3% (expected 25.0%, 3 requests, p95 120 ms), web-4 0.3% (expected 25.0%, 3 requests, p95 120 ms), "
                + "web-2 0.4% (expected 25.0%, 4 requests, p95 120 ms)");
    assertThat(a.annotations().get("suspected_cause"))
        .contains("config v42", "by deploy-bot", "30 s before onset");
    assertThat(a.toJson())
        .containsKeys("labels", "annotations", "startsAt")
        .doesNotContainKeys("endsAt", "generatorURL");
  }

  @Test
  void theDiagnosisIsAnAnnotationOfTheAnomalyAndOfTheIncident() {
    List<DiagnosisEntry> d =
        List.of(
            new DiagnosisEntry(
                DiagnosisTheory.SHARED_DEPENDENCY,
                DiagnosisVerdict.RULED_OUT,
                "errors not elevated"),
            new DiagnosisEntry(
                DiagnosisTheory.ROUTING, DiagnosisVerdict.FITS, "shares moved 75 points"),
            new DiagnosisEntry(
                DiagnosisTheory.TRAFFIC_SURGE, DiagnosisVerdict.UNCLEAR, "no baseline rate yet"));
    AnomalyEvent a = anomaly("be_web", AnomalyStatus.STARTED, Severity.CRITICAL);
    a.setDiagnosis(d);
    Incident i = incident("be_web", IncidentState.ROLLBACK_ISSUED);
    i.setDiagnosis(d);
    String expected =
        "fits: load-balancer routing or config: shares moved 75 points; "
            + "ruled out: a shared dependency (database): errors not elevated";
    assertThat(mapper.toAlert(a).annotations()).containsEntry("diagnosis", expected);
    assertThat(mapper.toAlert(i).annotations()).containsEntry("diagnosis", expected);
    assertThat(
            mapper
                .toAlert(anomaly("be_web", AnomalyStatus.STARTED, Severity.CRITICAL))
                .annotations())
        .doesNotContainKey("diagnosis");
  }

  @Test
  void aClearedAnomalyEndsWhenItClearedButNeverInTheFuture() {
    assertThat(mapper.toAlert(anomaly("be_web", AnomalyStatus.CLEARED, Severity.CRITICAL)).endsAt())
        .isEqualTo(ONSET.plusSeconds(300));
    AnomalyEvent ahead = anomaly("be_web", AnomalyStatus.CLEARED, Severity.CRITICAL);
    ahead.setDetectedAt(NOW.plusSeconds(60));
    assertThat(mapper.toAlert(ahead).endsAt()).isEqualTo(NOW);
  }

  @Test
  void aPerServerAnomalyIsItsOwnAlert() {
    AnomalyEvent a = anomaly("be_web", AnomalyStatus.STARTED, Severity.WARNING);
    a.setServer("web-3");
    assertThat(mapper.toAlert(a).labels())
        .containsEntry("server", "web-3")
        .containsEntry("severity", "warning");
  }

  @Test
  void anIncidentAwaitingApprovalSaysWhichRollbackAndUntilWhenAndIsCritical() {
    Incident i = incident("be_web", IncidentState.AWAITING_APPROVAL);
    i.setRollbackCommandId(null);
    i.setApprovalExpiresAt(java.time.Instant.parse("2026-03-14T10:17:00Z"));

    Alert a = mapper.toAlert(i);

    assertThat(a.labels()).containsEntry("severity", "critical");
    assertThat(a.annotations())
        .containsEntry("state", "AWAITING_APPROVAL")
        .containsEntry(
            "approval",
            "awaiting approval of rollback v42 -> v41, expires 10:17 UTC (fulcrum approve "
                + i.getIncidentId()
                + ")");
    assertThat(a.resolved()).isFalse();
    assertThat(mapper.toAlert(incident("be_web", IncidentState.ROLLBACK_ISSUED)).annotations())
        .doesNotContainKey("approval");
  }

  @Test
  void anIncidentFiresUntilResolvedOrClosedAfterEscalation() {
    Alert open = mapper.toAlert(incident("be_web", IncidentState.ROLLBACK_ISSUED));
    assertThat(open.labels())
        .containsEntry("alertname", "FulcrumIncident")
        .containsEntry("kind", "IMBALANCE")
        .containsEntry("severity", "warning");
    assertThat(open.annotations())
        .containsEntry("state", "ROLLBACK_ISSUED")
        .containsEntry("kinds", "IMBALANCE,ERROR_SPIKE");
    assertThat(open.annotations().get("description"))
        .contains("suspected config v42", "last known good v41");
    assertThat(open.resolved()).isFalse();

    assertThat(mapper.toAlert(incident("be_web", IncidentState.RESOLVED)).endsAt())
        .isEqualTo(ONSET.plusSeconds(80));

    Incident escalated = incident("be_web", IncidentState.ESCALATED);
    Alert human = mapper.toAlert(escalated);
    assertThat(human.labels()).containsEntry("severity", "critical");
    assertThat(human.annotations().get("description")).contains("escalated: rollback FAILED");
    assertThat(human.resolved()).isFalse();
    escalated.setRecoveredAt(ONSET.plusSeconds(900));
    escalated.setUpdatedAt(ONSET.plusSeconds(950));
    assertThat(mapper.toAlert(escalated).endsAt()).isEqualTo(ONSET.plusSeconds(950));
  }

  @Test
  void aSeverityChangeEndsTheAlertUnderTheOldLabels() {
    ActiveAlerts active = new ActiveAlerts();
    ActiveAlerts.Plan first = active.plan();
    AnomalyEvent warning = anomaly("be_web", AnomalyStatus.STARTED, Severity.WARNING);
    first.apply(AlertMapper.identity(warning), mapper.toAlert(warning), NOW);
    active.commit(first);

    ActiveAlerts.Plan second = active.plan();
    AnomalyEvent critical = anomaly("be_web", AnomalyStatus.ONGOING, Severity.CRITICAL);
    second.apply(AlertMapper.identity(critical), mapper.toAlert(critical), NOW);
    List<Alert> sent = second.alerts();
    assertThat(sent)
        .extracting(a -> a.labels().get("severity"), Alert::endsAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("warning", NOW),
            org.assertj.core.groups.Tuple.tuple("critical", null));
    assertThat(second.firing())
        .singleElement()
        .extracting(a -> a.labels().get("severity"))
        .isEqualTo("critical");
  }

  @Test
  void anUndeliveredPlanLeavesTheFiringSetAsItWasSoARedeliveryPlansTheSameAlerts() {
    ActiveAlerts active = new ActiveAlerts();
    AnomalyEvent started = anomaly("be_web", AnomalyStatus.STARTED, Severity.WARNING);
    ActiveAlerts.Plan failed = active.plan();
    failed.apply(AlertMapper.identity(started), mapper.toAlert(started), NOW);
    // not committed: Alertmanager was down
    ActiveAlerts.Plan retry = active.plan();
    retry.apply(AlertMapper.identity(started), mapper.toAlert(started), NOW);
    assertThat(retry.alerts()).isEqualTo(failed.alerts());
    active.commit(retry);
    assertThat(active.size()).isEqualTo(1);

    ActiveAlerts.Plan refresh = active.plan();
    refresh.refreshFiring();
    assertThat(refresh.alerts()).hasSize(1);
    AnomalyEvent cleared = anomaly("be_web", AnomalyStatus.CLEARED, Severity.WARNING);
    refresh.apply(AlertMapper.identity(cleared), mapper.toAlert(cleared), NOW);
    assertThat(refresh.alerts()).singleElement().extracting(Alert::resolved).isEqualTo(true);
    active.commit(refresh);
    assertThat(active.size()).isZero();
  }

  @Test
  void withTheUiUrlAnIncidentAlertLinksToItsIncidentPageAndAnAnomalyToItsPool() {
    AlertMapper linked =
        new AlertMapper(
            AlertmanagerSinkConfig.from(
                Map.of(
                    "alertmanager.urls",
                    "http://am:9093",
                    "alert.generator.url",
                    "https://grafana/d/fulcrum",
                    "alert.ui.url",
                    "https://fulcrum.example.com/")),
            Clock.fixed(NOW, ZoneOffset.UTC));

    Alert incident = linked.toAlert(incident("be_web", IncidentState.AWAITING_APPROVAL));
    String page = "https://fulcrum.example.com/incidents/be_web@" + ONSET;
    assertThat(incident.generatorUrl()).isEqualTo(page);
    assertThat(incident.annotations())
        .containsEntry("incident_url", page)
        .containsEntry("incident_id", "be_web@" + ONSET);
    assertThat(incident.toJson()).containsEntry("generatorURL", page);
    Alert anomaly = linked.toAlert(anomaly("be web/2", AnomalyStatus.STARTED, Severity.CRITICAL));
    assertThat(anomaly.generatorUrl()).isEqualTo("https://fulcrum.example.com/pools/be%20web%2F2");
    assertThat(anomaly.annotations()).containsEntry("pool_url", anomaly.generatorUrl());
  }

  @Test
  void withoutTheUiUrlAlertsKeepTheGeneratorUrlAndHaveNoLinks() {
    AlertMapper plain =
        new AlertMapper(
            AlertmanagerSinkConfig.from(
                Map.of(
                    "alertmanager.urls",
                    "http://am:9093",
                    "alert.generator.url",
                    "https://grafana/d/fulcrum")),
            Clock.fixed(NOW, ZoneOffset.UTC));

    Alert incident = plain.toAlert(incident("be_web", IncidentState.OPEN));
    assertThat(incident.generatorUrl()).isEqualTo("https://grafana/d/fulcrum");
    assertThat(incident.annotations()).doesNotContainKey("incident_url");
    assertThat(
            plain
                .toAlert(anomaly("be_web", AnomalyStatus.STARTED, Severity.CRITICAL))
                .annotations())
        .doesNotContainKey("pool_url");
  }
}
