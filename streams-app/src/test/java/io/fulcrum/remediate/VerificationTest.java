package io.fulcrum.remediate;

import static io.fulcrum.remediate.RemediationFixture.MINUTE;
import static io.fulcrum.remediate.RemediationFixture.T0;
import static io.fulcrum.remediate.RemediationFixture.anomalous;
import static io.fulcrum.remediate.RemediationFixture.applied;
import static io.fulcrum.remediate.RemediationFixture.closed;
import static io.fulcrum.remediate.RemediationFixture.result;
import static io.fulcrum.remediate.RemediationFixture.settings;
import static io.fulcrum.remediate.RemediationFixture.timeline;
import static io.fulcrum.remediate.RemediationFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.distribution.ConfigTimeline;
import io.fulcrum.remediate.RemediationFixture.Driver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerificationTest {
  private static final ConfigTimeline V41_V42 =
      timeline("v41", T0 - 60 * MINUTE, "v42", window(12));

  private static Driver rolledBack(RemediationSettings settings) {
    Driver d = new Driver(settings);
    d.healthy(0, 12, V41_V42);
    d.twoAnomalous(12, V41_V42);
    return d;
  }

  @Test
  void recoveryAfterTheRollbackResolvesTheIncidentWithMttdAndMttr() {
    Driver d = rolledBack(settings());
    Incident verifying = d.result(applied(d.lastCommand())).incident().orElseThrow();
    assertThat(verifying.getState()).isEqualTo(IncidentState.VERIFYING);
    assertThat(verifying.getTimeline().get(4).getDescription())
        .isEqualTo("actuator applied v41 in 0.8 s (haproxy)");

    d.window(anomalous(14, V41_V42)); // the window the rollback lands in
    d.healthy(15, 17, V41_V42);

    Incident i = d.lastIncident();
    assertThat(i.getState()).isEqualTo(IncidentState.RESOLVED);
    assertThat(i.getOnsetAt().toEpochMilli()).isEqualTo(window(12));
    assertThat(i.getDetectedAt().toEpochMilli()).isEqualTo(closed(12));
    assertThat(i.getRecoveredAt().toEpochMilli()).isEqualTo(window(15));
    assertThat(i.getResolvedAt().toEpochMilli()).isEqualTo(closed(16));
    assertThat(i.getMttdMs()).isEqualTo(12_000L);
    assertThat(i.getMttrMs()).isEqualTo(30_000L);
    assertThat(i.getTimeline())
        .extracting(e -> e.getType())
        .containsExactly(
            TimelineEventType.CONFIG_CHANGE,
            TimelineEventType.ONSET,
            TimelineEventType.FIRST_ANOMALY,
            TimelineEventType.ROLLBACK_ISSUED,
            TimelineEventType.ACTUATOR_APPLIED,
            TimelineEventType.RECOVERED,
            TimelineEventType.RESOLVED);
    assertThat(i.getSummary())
        .isEqualTo(
            "be_web: web-1 got 99% of traffic (expected 25%) after config v42 was "
                + "deployed at 09:02:00 UTC; rolled back to v41, recovered 30 s after onset");
    assertThat(d.state().openIncident()).isEmpty();
  }

  @Test
  void noRecoveryWithinMWindowsEscalatesAndDoesNotRollBackAgain() {
    Driver d = rolledBack(settings());
    d.result(applied(d.lastCommand()));
    d.anomalous(14, 19, V41_V42);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.VERIFYING);

    d.window(anomalous(19, V41_V42));

    Incident i = d.lastIncident();
    assertThat(i.getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(i.getEscalationReason())
        .isEqualTo("did not recover within 6 windows after rollback to v41");
    d.anomalous(20, 40, V41_V42);
    assertThat(d.commands).hasSize(1);
  }

  @Test
  void anEscalatedIncidentClosesWhenHealthyAndTheNextAnomalyIsANewIncident() {
    Driver d = rolledBack(settings());
    d.result(applied(d.lastCommand()));
    d.anomalous(14, 20, V41_V42);
    d.healthy(20, 22, V41_V42);
    Incident closed = d.lastIncident();
    assertThat(closed.getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(closed.getMttrMs()).isEqualTo(80_000L);
    assertThat(d.state().openIncident()).isEmpty();

    d.anomalous(30, 32, V41_V42);
    assertThat(d.lastIncident().getIncidentId()).isNotEqualTo(closed.getIncidentId());
  }

  @Test
  void aFailedResultEscalatesWithTheActuatorsReason() {
    Driver d = rolledBack(settings());
    Incident i =
        d.result(result(d.lastCommand(), RemediationOutcome.FAILED, 3000, "haproxy reload failed"))
            .incident()
            .orElseThrow();

    assertThat(i.getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(i.getEscalationReason())
        .isEqualTo(
            "actuator failed to apply the rollback to v41 (haproxy, FAILED): haproxy reload failed");
    assertThat(i.getTimeline())
        .extracting(e -> e.getType())
        .containsSubsequence(TimelineEventType.ACTUATOR_FAILED, TimelineEventType.ESCALATED);
    d.anomalous(14, 30, V41_V42);
    assertThat(d.commands).hasSize(1);
  }

  @Test
  void aRejectedResultEscalates() {
    Driver d = rolledBack(settings());
    Incident i =
        d.result(result(d.lastCommand(), RemediationOutcome.REJECTED, 1, "bad signature"))
            .incident()
            .orElseThrow();

    assertThat(i.getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(i.getEscalationReason()).contains("rejected", "bad signature");
  }

  @Test
  void noResultFromTheActuatorWithinMWindowsEscalates() {
    Driver d = rolledBack(settings());
    d.anomalous(14, 19, V41_V42);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ROLLBACK_ISSUED);

    d.window(anomalous(19, V41_V42));

    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(d.lastIncident().getEscalationReason())
        .startsWith("no result from the actuator for command");
  }

  @Test
  void aSecondRollbackToTheNextKnownGoodVersionOnlyWhenConfigured() {
    ConfigTimeline config = timeline("v40", T0 - 120 * MINUTE, "v41", window(6), "v42", window(12));
    RemediationSettings allowed =
        settings().withAutomaticSecondRollback(true).withCooldown(Duration.ZERO);
    Driver d = new Driver(allowed);
    d.healthy(0, 12, config);
    d.twoAnomalous(12, config);
    RollbackCommand first = d.lastCommand();
    d.result(applied(first));
    d.anomalous(14, 20, config);

    assertThat(d.commands).hasSize(2);
    RollbackCommand second = d.lastCommand();
    assertThat(second.getToVersion()).isEqualTo("v40");
    assertThat(second.getFromVersion()).isEqualTo("v41");
    assertThat(second.getCommandId()).isNotEqualTo(first.getCommandId());
    assertThat(d.lastIncident().getRollbackCommandId()).isEqualTo(second.getCommandId());

    d.result(applied(second));
    d.anomalous(20, 26, config);
    assertThat(d.commands).hasSize(2);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ESCALATED);
  }
}
