package io.fulcrum.replay;

import static io.fulcrum.replay.ClosedLoop.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.TimelineEntry;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.remediate.TimelineText;
import io.fulcrum.sim.Expectation;
import io.fulcrum.sim.PoolConfig;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.Scenarios;
import io.fulcrum.sim.TrafficProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The remediation paths of the whole topology on TopologyTestDriver, each with a simulated actuator
 * in the loop.
 */
class RemediationTopologyTest {
  private static final long MIN = 60_000;
  private static final List<String> WEB = Scenarios.servers("web", 4);

  @Test
  void rollsBackToLastKnownGoodWhenAllTrafficHitsOneServer() {
    ClosedLoop.Outcome out =
        ClosedLoop.run(
            Scenarios.byName("all-to-one"), 7, 1.0, settings(), ClosedLoop.Actuator.APPLY);

    assertThat(out.commands())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getFromVersion()).isEqualTo("v42");
              assertThat(c.getToVersion()).isEqualTo("v41");
              assertThat(c.getReason()).contains("web-1 got").contains("config v42 was deployed");
            });
    Incident inc = out.finalIncidents().get(0);
    assertThat(inc.getState()).isEqualTo(IncidentState.RESOLVED);
    assertThat(inc.getTimeline().stream().map(TimelineEntry::getType).toList())
        .containsSubsequence(
            TimelineEventType.CONFIG_CHANGE,
            TimelineEventType.ONSET,
            TimelineEventType.FIRST_ANOMALY,
            TimelineEventType.ROLLBACK_ISSUED,
            TimelineEventType.ACTUATOR_APPLIED,
            TimelineEventType.RECOVERED,
            TimelineEventType.RESOLVED);
    assertThat(TimelineText.render(inc)).contains("v42").contains("MTTD").contains("MTTR");
  }

  @Test
  void rollsBackToTheGoodChangeNotTheOriginalWhenAGoodChangePrecededTheBadOne() {
    ClosedLoop.Outcome out =
        ClosedLoop.run(
            Scenarios.byName("good-then-bad"), 3, 1.0, settings(), ClosedLoop.Actuator.APPLY);
    assertThat(out.commands())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getFromVersion()).isEqualTo("v43");
              assertThat(c.getToVersion()).isEqualTo("v42");
            });
  }

  @Test
  void raisesAnAlertOnlyIncidentForA5xxSpikeWithoutAConfigChange() {
    ClosedLoop.Outcome out =
        ClosedLoop.run(
            Scenarios.byName("database-outage"), 1, 1.0, settings(), ClosedLoop.Actuator.APPLY);
    assertThat(out.commands()).isEmpty();
    Incident inc = out.finalIncidents().get(0);
    assertThat(out.statesOf(inc.getIncidentId())).containsExactly(IncidentState.ALERT_ONLY);
    assertThat(inc.getSummary()).contains("not explained by a config change");
  }

  @Test
  void cooldownStopsASecondRollbackOnThePoolSoonAfterTheFirst() {
    ClosedLoop.Outcome out =
        ClosedLoop.run(twoBadDeploys(), 1, 1.0, settings(), ClosedLoop.Actuator.APPLY);
    assertThat(out.commands()).hasSize(1);
    Incident second = out.finalIncidents().get(1);
    assertThat(second.getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(second.getEscalationReason()).startsWith("cooldown:");
  }

  @Test
  void hourlyCapStopsRollbacksBeyondTheLimitEvenWithoutCooldown() {
    ClosedLoop.Outcome out =
        ClosedLoop.run(
            twoBadDeploys(),
            1,
            1.0,
            settings("fulcrum.remediation.cooldown", "0s", "fulcrum.remediation.max-per-hour", "1"),
            ClosedLoop.Actuator.APPLY);
    assertThat(out.commands()).hasSize(1);
    assertThat(out.finalIncidents().get(1).getEscalationReason())
        .startsWith("rate limit: 1 rollback on be_web");

    ClosedLoop.Outcome allowed =
        ClosedLoop.run(
            twoBadDeploys(),
            1,
            1.0,
            settings("fulcrum.remediation.cooldown", "0s", "fulcrum.remediation.max-per-hour", "2"),
            ClosedLoop.Actuator.APPLY);
    assertThat(allowed.commands())
        .extracting(RollbackCommand::getFromVersion)
        .containsExactly("v42", "v43");
  }

  @Test
  void dryRunEmitsACommandMarkedDryRunAndNothingChanges() {
    ClosedLoop.Outcome out =
        ClosedLoop.run(
            Scenarios.byName("all-to-one"),
            1,
            1.0,
            settings("fulcrum.remediation.dry-run", "true"),
            ClosedLoop.Actuator.APPLY);
    assertThat(out.commands()).singleElement().satisfies(c -> assertThat(c.getDryRun()).isTrue());
    Incident inc = out.finalIncidents().get(0);
    assertThat(inc.getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(inc.getEscalationReason()).contains("dry run: nothing was applied");
  }

  @Test
  void killSwitchTurnsTheIncidentIntoAnAlertWithoutACommand() {
    ClosedLoop.Outcome out =
        ClosedLoop.run(
            Scenarios.byName("all-to-one"),
            1,
            1.0,
            settings("fulcrum.remediation.kill-switch", "true"),
            ClosedLoop.Actuator.APPLY);
    assertThat(out.commands()).isEmpty();
    assertThat(out.finalIncidents().get(0).getSummary()).contains("kill switch is on");
  }

  @Test
  void duplicateResultsAndReplayedRequestsGiveNoSecondCommand() {
    List<io.fulcrum.avro.RequestEvent> early = new java.util.ArrayList<>();
    ClosedLoop.Outcome out =
        ClosedLoop.run(
            Scenarios.byName("all-to-one"),
            1,
            1.0,
            settings(),
            ClosedLoop.Actuator.APPLY,
            (driver, result) -> {
              driver.remediationResult(result);
              driver.remediationResult(RemediationResult.newBuilder(result).build());
              // The incident's first minute again, as a producer retry storm would deliver it.
              io.fulcrum.sim.SimRun again =
                  Scenarios.byName("all-to-one").events(ClosedLoop.START, 1);
              while (again.hasNext()) {
                if (again.next() instanceof io.fulcrum.sim.SimRequest r
                    && r.timestampMs() < result.getReceivedAt().toEpochMilli()
                    && r.timestampMs() >= ClosedLoop.START + 2 * MIN) {
                  driver.request(SimFeeder.toAvro(r));
                  early.add(null);
                }
              }
            });
    assertThat(early).as("duplicates were fed").isNotEmpty();
    assertThat(out.commands()).hasSize(1);
    assertThat(out.finalIncidents())
        .singleElement()
        .satisfies(i -> assertThat(i.getState()).isEqualTo(IncidentState.RESOLVED));
    assertThat(
            out.incidents().stream().filter(i -> i.getState() == IncidentState.VERIFYING).count())
        .as("the duplicate result is ignored")
        .isEqualTo(1);
  }

  @Test
  void escalatesWhenTrafficDoesNotRecoverAfterTheRollback() {
    ClosedLoop.Outcome out =
        ClosedLoop.run(
            Scenarios.byName("all-to-one"),
            1,
            1.0,
            settings(),
            ClosedLoop.Actuator.APPLY_WITHOUT_EFFECT);
    assertThat(out.commands()).hasSize(1);
    Incident inc = out.finalIncidents().get(0);
    assertThat(out.statesOf(inc.getIncidentId()))
        .containsSubsequence(IncidentState.VERIFYING, IncidentState.ESCALATED);
    assertThat(inc.getEscalationReason())
        .startsWith("did not recover within 6 windows after rollback to v41");
  }

  @Test
  void escalatesWhenTheActuatorReportsFailure() {
    ClosedLoop.Outcome out =
        ClosedLoop.run(
            Scenarios.byName("all-to-one"), 1, 1.0, settings(), ClosedLoop.Actuator.FAIL);
    Incident inc = out.finalIncidents().get(0);
    assertThat(out.statesOf(inc.getIncidentId()))
        .doesNotContain(IncidentState.VERIFYING)
        .contains(IncidentState.ESCALATED);
    assertThat(inc.getEscalationReason())
        .contains("failed to apply")
        .contains("haproxy -c rejected");
  }

  @Test
  void escalatesWhenTheActuatorNeverAnswers() {
    ClosedLoop.Outcome out =
        ClosedLoop.run(
            Scenarios.byName("all-to-one"), 1, 1.0, settings(), ClosedLoop.Actuator.SILENT);
    assertThat(out.finalIncidents().get(0).getEscalationReason())
        .startsWith("no result from the actuator");
  }

  @Test
  void detectsAndRollsBackALowTrafficPoolWithinTwoMinutes() {
    Scenario s = Scenarios.byName("low-traffic-all-to-one");
    ClosedLoop.Outcome out = ClosedLoop.run(s, 2, 1.0, settings(), ClosedLoop.Actuator.APPLY);
    assertThat(s.nominalRateRps()).isLessThan(10);
    assertThat(out.commands())
        .singleElement()
        .satisfies(
            c -> assertThat(c.getIssuedAt().toEpochMilli() - out.onset()).isBetween(0L, 120_000L));
  }

  /** v42 breaks the pool at 2 min (rolled back), then v43 breaks it again at 8 min. */
  private static Scenario twoBadDeploys() {
    return Scenario.builder("two-bad-deploys", "the same typo twice")
        .pool(
            Scenarios.WEB,
            WEB,
            TrafficProfile.constant(100),
            PoolConfig.even("v41", WEB, "roundrobin"))
        .deploy(2 * MIN, Scenarios.WEB, PoolConfig.undeclared("v42", Map.of("web-1", 1.0), "typo"))
        .deploy(
            8 * MIN,
            Scenarios.WEB,
            PoolConfig.undeclared("v43", Map.of("web-1", 1.0), "typo again"))
        .duration(12 * MIN)
        .expect(Expectation.rollback(Scenarios.WEB, 2 * MIN, "v42", "v41", Expectation.IMBALANCE))
        .build();
  }
}
