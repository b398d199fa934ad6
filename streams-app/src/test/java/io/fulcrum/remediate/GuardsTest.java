package io.fulcrum.remediate;

import static io.fulcrum.remediate.RemediationFixture.MINUTE;
import static io.fulcrum.remediate.RemediationFixture.T0;
import static io.fulcrum.remediate.RemediationFixture.applied;
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
import io.fulcrum.remediate.RemediationOutput.Suppression;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GuardsTest {
  /**
   * Bad deploys at windows 12, 42 (5 min later) and 72 (10 min later), each after a healthy
   * stretch.
   */
  private static final ConfigTimeline CHANGES =
      timeline("v41", T0 - 60 * MINUTE, "v42", window(12), "v43", window(42), "v44", window(72));

  /**
   * Runs an incident from the bad window {@code bad} to resolution: 2 anomalous, rollback, 2
   * healthy.
   */
  private static RemediationOutput badDeployAt(Driver d, int bad) {
    RemediationOutput out = d.twoAnomalous(bad, CHANGES);
    out.command().ifPresent(c -> d.result(applied(c)));
    d.healthy(bad + 2, bad + 4, CHANGES);
    return out;
  }

  // v42 is implicated by the first incident, so later incidents roll back to v41.
  @Test
  void theCooldownBlocksASecondRollbackOnThePoolAndEscalatesWithTheReason() {
    Driver d = new Driver();
    d.healthy(0, 12, CHANGES);
    badDeployAt(d, 12);
    d.healthy(16, 42, CHANGES);

    RemediationOutput second = badDeployAt(d, 42);

    assertThat(d.commands).hasSize(1);
    assertThat(second.command()).isEmpty();
    assertThat(second.suppressedBy()).contains(Suppression.COOLDOWN);
    Incident i = second.incident().orElseThrow();
    assertThat(i.getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(i.getEscalationReason())
        .isEqualTo(
            "cooldown: the last rollback on be_web was issued 5 min ago "
                + "(cooldown 10 min), so v43 -> v41 was not issued");
    assertThat(i.getTimeline())
        .extracting(e -> e.getType())
        .contains(TimelineEventType.ROLLBACK_SUPPRESSED);
  }

  @Test
  void afterTheCooldownTheNextIncidentMayRollBackAgain() {
    Driver d = new Driver(settings().withCooldown(Duration.ofMinutes(4)));
    d.healthy(0, 12, CHANGES);
    badDeployAt(d, 12);
    d.healthy(16, 42, CHANGES);

    assertThat(badDeployAt(d, 42).command()).isPresent();
  }

  @Test
  void thePerHourCapBlocksTheThirdRollbackInAnHour() {
    Driver d =
        new Driver(settings().withCooldown(Duration.ofMinutes(1)).withMaxRollbacksPerHour(2));
    d.healthy(0, 12, CHANGES);
    badDeployAt(d, 12);
    d.healthy(16, 42, CHANGES);
    badDeployAt(d, 42);
    d.healthy(46, 72, CHANGES);

    RemediationOutput third = badDeployAt(d, 72);

    assertThat(d.commands).hasSize(2);
    assertThat(third.suppressedBy()).contains(Suppression.HOURLY_CAP);
    assertThat(third.incident().orElseThrow().getEscalationReason())
        .isEqualTo(
            "rate limit: 2 rollbacks on be_web in the last hour (max 2), so v44 -> v41 was not issued");
  }

  @Test
  void thePerHourCapCountsOnlyTheLastSixtyMinutes() {
    ConfigTimeline changes =
        timeline("v41", T0 - 60 * MINUTE, "v42", window(12), "v43", window(42), "v44", window(420));
    Driver d =
        new Driver(settings().withCooldown(Duration.ofMinutes(1)).withMaxRollbacksPerHour(2));
    d.healthy(0, 12, changes);
    d.twoAnomalous(12, changes).command().ifPresent(c -> d.result(applied(c)));
    d.healthy(14, 42, changes);
    d.twoAnomalous(42, changes).command().ifPresent(c -> d.result(applied(c)));
    d.healthy(44, 420, changes); // both rollbacks are more than an hour old at window 421

    assertThat(d.twoAnomalous(420, changes).command()).isPresent();
    assertThat(d.commands).hasSize(3);
  }

  @Test
  void dryRunEmitsASignedCommandMarkedDryRunAndEscalatesWhenNothingRecovers() {
    Driver d = new Driver(settings().withDryRun(true));
    d.healthy(0, 12, CHANGES);
    RollbackCommand c = d.twoAnomalous(12, CHANGES).command().orElseThrow();

    assertThat(c.getDryRun()).isTrue();
    assertThat(settings().signer().verify(c).ok()).isTrue();
    assertThat(d.lastIncident().getTimeline().get(3).getDescription()).endsWith("[dry run]");

    d.result(result(c, RemediationOutcome.DRY_RUN, 5, null));
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.VERIFYING);
    d.anomalous(14, 20, CHANGES);
    assertThat(d.lastIncident().getEscalationReason())
        .isEqualTo(
            "did not recover within 6 windows after rollback to v41 (dry run: nothing was applied)");
  }

  @Test
  void theKillSwitchIssuesNoCommandOnlyAnAlertOnlyIncident() {
    Driver d = new Driver(settings().withKillSwitch(true));
    d.healthy(0, 12, CHANGES);
    RemediationOutput out = d.twoAnomalous(12, CHANGES);
    d.anomalous(14, 30, CHANGES);

    assertThat(d.commands).isEmpty();
    assertThat(out.suppressedBy()).contains(Suppression.KILL_SWITCH);
    Incident i = out.incident().orElseThrow();
    assertThat(i.getState()).isEqualTo(IncidentState.ALERT_ONLY);
    assertThat(i.getSuspectedVersion()).isEqualTo("v42");
    assertThat(i.getLastKnownGoodVersion()).isEqualTo("v41");
    assertThat(i.getSummary()).endsWith("kill switch is on: rollback v42 -> v41 not issued");
    assertThat(i.getTimeline())
        .extracting(e -> e.getType())
        .containsSubsequence(TimelineEventType.ROLLBACK_SUPPRESSED, TimelineEventType.ALERT_ONLY);
    assertThat(d.incidents).hasSize(1);
  }
}
