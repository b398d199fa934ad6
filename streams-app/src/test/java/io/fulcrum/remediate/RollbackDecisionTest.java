package io.fulcrum.remediate;

import static io.fulcrum.remediate.RemediationFixture.MINUTE;
import static io.fulcrum.remediate.RemediationFixture.T0;
import static io.fulcrum.remediate.RemediationFixture.anomalous;
import static io.fulcrum.remediate.RemediationFixture.applied;
import static io.fulcrum.remediate.RemediationFixture.closed;
import static io.fulcrum.remediate.RemediationFixture.errorSpike;
import static io.fulcrum.remediate.RemediationFixture.quiet;
import static io.fulcrum.remediate.RemediationFixture.timeline;
import static io.fulcrum.remediate.RemediationFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.distribution.ConfigTimeline;
import io.fulcrum.remediate.RemediationFixture.Driver;
import io.fulcrum.remediate.RemediationOutput.Suppression;
import org.junit.jupiter.api.Test;

class RollbackDecisionTest {
  /** v41 healthy for an hour, then v42 (the pool typo) at 09:02:00, window 12. */
  private static final ConfigTimeline V41_V42 =
      timeline("v41", T0 - 60 * MINUTE, "v42", window(12));

  @Test
  void allToOneAfterV42RollsBackToTheLastKnownGoodV41WithinThirtySeconds() {
    Driver d = new Driver();
    d.healthy(0, 12, V41_V42);
    assertThat(d.window(anomalous(12, V41_V42)).isEmpty()).isTrue();

    RemediationOutput out = d.window(anomalous(13, V41_V42));

    RollbackCommand c = out.command().orElseThrow();
    assertThat(c.getPool()).isEqualTo("be_web");
    assertThat(c.getFromVersion()).isEqualTo("v42");
    assertThat(c.getToVersion()).isEqualTo("v41");
    assertThat(c.getDryRun()).isFalse();
    assertThat(c.getIssuedAt().toEpochMilli()).isEqualTo(closed(13));
    assertThat(c.getIssuedAt().toEpochMilli() - window(12)).isLessThanOrEqualTo(30_000);
    assertThat(c.getIncidentId()).isEqualTo("be_web@2026-03-14T09:02:00Z");
    assertThat(c.getCommandId()).isEqualTo(Incidents.commandId(c.getIncidentId(), 1));
    assertThat(c.getReason()).contains("web-1 got 99% of traffic", "v42", "v41");
    assertThat(RemediationFixture.settings().signer().verify(c).ok()).isTrue();

    Incident i = out.incident().orElseThrow();
    assertThat(i.getState()).isEqualTo(IncidentState.ROLLBACK_ISSUED);
    assertThat(i.getSuspectedVersion()).isEqualTo("v42");
    assertThat(i.getLastKnownGoodVersion()).isEqualTo("v41");
    assertThat(i.getRollbackCommandId()).isEqualTo(c.getCommandId());
    assertThat(i.getMttdMs()).isEqualTo(12_000L);
    assertThat(i.getTimeline())
        .extracting(e -> e.getType())
        .containsExactly(
            TimelineEventType.CONFIG_CHANGE,
            TimelineEventType.ONSET,
            TimelineEventType.FIRST_ANOMALY,
            TimelineEventType.ROLLBACK_ISSUED);
    assertThat(d.state().versions().get("v42").orElseThrow().getImplicated()).isTrue();
  }

  @Test
  void aSingleAnomalousWindowOpensNothingWhenKIsTwo() {
    Driver d = new Driver();
    d.healthy(0, 12, V41_V42);
    d.window(anomalous(12, V41_V42));
    d.healthy(13, 20, V41_V42);

    assertThat(d.commands).isEmpty();
    assertThat(d.incidents).isEmpty();
    assertThat(d.state().openIncident()).isEmpty();
  }

  @Test
  void goodChangeFollowedByBadOneRollsBackToTheGoodOneNotTheOriginal() {
    ConfigTimeline config = timeline("v41", T0 - 60 * MINUTE, "v42", window(12), "v43", window(42));
    Driver d = new Driver();
    d.healthy(0, 42, config); // v42 healthy for five minutes
    d.anomalous(42, 44, config);

    RollbackCommand c = d.lastCommand();
    assertThat(c.getFromVersion()).isEqualTo("v43");
    assertThat(c.getToVersion()).isEqualTo("v42");
  }

  @Test
  void aVersionImplicatedInAnEarlierIncidentIsNeverATarget() {
    // v42 serves healthily for 5 windows, then breaks: it is blamed and rolled back to v41.
    ConfigTimeline first = timeline("v41", T0 - 60 * MINUTE, "v42", window(12));
    Driver d = new Driver();
    d.healthy(0, 17, first);
    d.anomalous(17, 19, first);
    RollbackCommand c1 = d.lastCommand();
    assertThat(c1.getToVersion()).isEqualTo("v41");
    d.result(applied(c1));
    d.healthy(19, 21, first);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.RESOLVED);

    // The actuator did not publish a config change, so v42 still looks like the latest well-served
    // version.
    ConfigTimeline later = timeline("v41", T0 - 60 * MINUTE, "v42", window(12), "v43", window(200));
    d.healthy(21, 200, later);
    d.anomalous(200, 202, later);

    assertThat(d.commands).hasSize(2);
    assertThat(d.lastCommand().getFromVersion()).isEqualTo("v43");
    assertThat(d.lastCommand().getToVersion()).isEqualTo("v41");
  }

  @Test
  void fiveXxSpikeWithoutAConfigChangeIsAlertOnlyAndIssuesNoCommand() {
    ConfigTimeline config = timeline("v41", T0 - 60 * MINUTE);
    Driver d = new Driver();
    d.healthy(0, 12, config);
    d.window(anomalous(12, config, errorSpike()));
    RemediationOutput out = d.window(anomalous(13, config, errorSpike()));

    assertThat(out.command()).isEmpty();
    Incident i = out.incident().orElseThrow();
    assertThat(i.getState()).isEqualTo(IncidentState.ALERT_ONLY);
    assertThat(i.getSummary())
        .isEqualTo(
            "be_web: 5xx rate 42% (baseline 0.2%) with no config change on be_web in "
                + "the 10 min before onset (not explained by a config change); alert only, no rollback");
    assertThat(i.getTimeline())
        .extracting(e -> e.getType())
        .containsExactly(
            TimelineEventType.ONSET, TimelineEventType.FIRST_ANOMALY, TimelineEventType.ALERT_ONLY);
    d.anomalous(14, 30, config);
    assertThat(d.commands).isEmpty();
    assertThat(d.incidents).hasSize(1);
  }

  @Test
  void anAlertOnlyIncidentClosesWhenHealthySoTheNextAnomalyOpensANewOne() {
    ConfigTimeline config = timeline("v41", T0 - 60 * MINUTE);
    Driver d = new Driver();
    d.healthy(0, 12, config);
    d.anomalous(12, 15, config);
    d.healthy(15, 17, config);
    Incident closed = d.lastIncident();
    assertThat(closed.getState()).isEqualTo(IncidentState.ALERT_ONLY);
    assertThat(closed.getRecoveredAt().toEpochMilli()).isEqualTo(window(15));
    assertThat(closed.getMttrMs()).isEqualTo(30_000L);
    assertThat(closed.getTimeline().get(closed.getTimeline().size() - 1).getDescription())
        .isEqualTo(
            "recovered: pool healthy again since 09:02:30 UTC (2 healthy windows); incident closed");
    assertThat(d.state().openIncident()).isEmpty();

    d.anomalous(30, 32, config);
    assertThat(d.lastIncident().getIncidentId())
        .isNotEqualTo(closed.getIncidentId())
        .endsWith("09:05:00Z");
  }

  @Test
  void aChangeOlderThanTheLookbackIsNotBlamed() {
    ConfigTimeline config = timeline("v41", T0 - 60 * MINUTE, "v42", window(12) - 11 * MINUTE);
    Driver d = new Driver();
    d.healthy(0, 12, config);
    d.anomalous(12, 14, config);

    assertThat(d.commands).isEmpty();
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ALERT_ONLY);
  }

  @Test
  void aConfigChangeThatArrivesAfterTheIncidentOpenedStillTriggersTheRollback() {
    ConfigTimeline before = timeline("v41", T0 - 60 * MINUTE);
    ConfigTimeline after = timeline("v41", T0 - 60 * MINUTE, "v42", window(12));
    Driver d = new Driver();
    d.healthy(0, 12, before);
    d.anomalous(12, 14, before);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ALERT_ONLY);

    RemediationOutput out = d.window(anomalous(14, after));

    assertThat(out.command().orElseThrow().getToVersion()).isEqualTo("v41");
    assertThat(out.incident().orElseThrow().getState()).isEqualTo(IncidentState.ROLLBACK_ISSUED);
    assertThat(out.incident().orElseThrow().getTimeline().get(0).getType())
        .isEqualTo(TimelineEventType.CONFIG_CHANGE);
  }

  @Test
  void withoutAVersionSeenHealthyLongEnoughItEscalatesInsteadOfGuessing() {
    ConfigTimeline config = timeline("v41", window(10), "v42", window(12));
    Driver d = new Driver();
    d.healthy(10, 12, config); // v41 healthy for only 2 windows
    RemediationOutput out = d.twoAnomalous(12, config);

    assertThat(out.command()).isEmpty();
    assertThat(out.suppressedBy()).contains(Suppression.NO_KNOWN_GOOD);
    Incident i = out.incident().orElseThrow();
    assertThat(i.getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(i.getEscalationReason())
        .isEqualTo(
            "no known-good version to roll back to: v41 was healthy for only 2 windows (3 needed)");
    assertThat(i.getTimeline())
        .extracting(e -> e.getType())
        .contains(TimelineEventType.ROLLBACK_SUPPRESSED, TimelineEventType.ESCALATED);
  }

  @Test
  void aNewerChangeAfterTheSuspectIsNotRolledBackOver() {
    ConfigTimeline config =
        timeline("v41", T0 - 60 * MINUTE, "v42", window(12), "v43", window(13) + 5_000);
    Driver d = new Driver();
    d.healthy(0, 12, config);
    RemediationOutput out = d.twoAnomalous(12, config);

    assertThat(out.command()).isEmpty();
    assertThat(out.suppressedBy()).contains(Suppression.NEWER_CHANGE);
    assertThat(out.incident().orElseThrow().getEscalationReason()).contains("v43 is active now");
  }

  @Test
  void lowTrafficWindowsNeitherBreakTheAnomalyNorCountAsHealthy() {
    Driver d = new Driver();
    d.healthy(0, 12, V41_V42);
    d.window(anomalous(12, V41_V42));
    d.window(quiet(13, V41_V42));
    d.window(anomalous(14, V41_V42));
    assertThat(d.commands).hasSize(1);

    ConfigTimeline config = timeline("v41", T0 - 60 * MINUTE, "v42", window(12));
    Driver quietPool = new Driver();
    for (int n = 0; n < 12; n++) {
      quietPool.window(quiet(n, config));
    }
    quietPool.anomalous(12, 14, config);
    assertThat(quietPool.commands).isEmpty();
    assertThat(quietPool.lastIncident().getState()).isEqualTo(IncidentState.ESCALATED);
  }

  @Test
  void theWindowABadVersionLandsInDoesNotMakeItKnownGood() {
    ConfigTimeline config = timeline("v41", T0 - 60 * MINUTE, "v42", window(12) + 3_000);
    Driver d = new Driver();
    d.healthy(0, 13, config); // window 12 still shows v41's routing but ends on v42
    assertThat(d.state().versions().get("v42").orElseThrow().getHealthyWindows()).isZero();
    d.healthy(13, 14, config);
    assertThat(d.state().versions().get("v42").orElseThrow().getHealthyWindows()).isEqualTo(1);
  }
}
