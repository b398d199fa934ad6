package io.fulcrum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.sign.CommandSigner;
import io.fulcrum.sim.Expectation;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.Scenarios;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every simulated incident with the remediation policy and an actuator in the loop: config-caused
 * incidents get exactly one signed rollback to the last known good version within the latency
 * target and end RESOLVED; incidents no config change explains are ALERT_ONLY; quiet scenarios open
 * no incident at all (no false rollbacks).
 */
class RemediationScenarioTest {
  private static final FulcrumSettings SETTINGS = FulcrumSettings.defaultsWith(java.util.Map.of());

  static Stream<Arguments> runs() {
    return Scenarios.all().stream()
        .flatMap(s -> LongStream.of(1, 2).mapToObj(seed -> Arguments.of(s.name(), seed)));
  }

  @ParameterizedTest(name = "{0} seed={1}")
  @MethodSource("runs")
  void remediatesAsTheScenarioExpects(String name, long seed) {
    Scenario scenario = Scenarios.byName(name);
    Expectation expect = scenario.expectation();
    ClosedLoop.Outcome out =
        ClosedLoop.run(scenario, seed, 1.0, SETTINGS, ClosedLoop.Actuator.APPLY);
    String seen =
        out.finalIncidents().stream()
            .map(i -> i.getState() + ": " + i.getSummary())
            .collect(Collectors.joining("\n  ", "\n  ", ""));

    if (expect.mustStayQuiet()) {
      assertThat(out.incidents()).as("a quiet scenario opened incidents:%s", seen).isEmpty();
      assertThat(out.commands()).isEmpty();
      return;
    }
    if (!expect.rollbackExpected()) {
      assertThat(out.commands()).as("no config change to blame, so no rollback:%s", seen).isEmpty();
      Incident alert =
          out.finalIncidents().stream()
              .filter(i -> i.getPool().equals(expect.brokenPool()))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no incident on " + expect.brokenPool() + seen));
      assertThat(out.statesOf(alert.getIncidentId())).contains(IncidentState.ALERT_ONLY);
      assertThat(alert.getSummary()).contains("not explained by a config change");
      return;
    }
    assertThat(out.commands()).as("exactly one rollback:%s", seen).hasSize(1);
    RollbackCommand c = out.commands().get(0);
    assertThat(c.getPool()).isEqualTo(expect.brokenPool());
    assertThat(c.getFromVersion()).isEqualTo(expect.badVersion());
    assertThat(c.getToVersion())
        .as("the last known good version")
        .isEqualTo(expect.lastKnownGoodVersion());
    assertThat(c.getDryRun()).isFalse();
    assertThat(CommandSigner.of("default", FulcrumSettings.OFFLINE_SECRET).verify(c).ok()).isTrue();
    long limitMs = (scenario.nominalRateRps() >= 100 ? 30_000 : 120_000) + expect.harmDelayMs();
    assertThat(c.getIssuedAt().toEpochMilli() - out.onset())
        .as("onset to command (ms, event time)")
        .isBetween(0L, limitMs);

    assertThat(out.finalIncidents()).as("one incident:%s", seen).hasSize(1);
    Incident inc = out.finalIncidents().get(0);
    assertThat(out.statesOf(inc.getIncidentId()))
        .containsSubsequence(
            IncidentState.ROLLBACK_ISSUED, IncidentState.VERIFYING, IncidentState.RESOLVED);
    assertThat(inc.getRollbackCommandId()).isEqualTo(c.getCommandId());
    assertThat(inc.getMttdMs()).isNotNull().isPositive();
    assertThat(inc.getMttrMs()).isNotNull().isGreaterThan(inc.getMttdMs());
  }
}
