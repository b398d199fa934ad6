package io.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.sim.Scenario;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoScenariosTest {
  static final Duration WINDOW = Duration.ofSeconds(5);

  @ParameterizedTest
  @CsvSource({
    "postmortem, all-to-one",
    "all-to-one, all-to-one",
    "uneven-skew, skew-two-of-six",
    "skew-two-of-six, skew-two-of-six",
    "errors-after-change, errors-after-change",
    "database-outage, database-outage",
    "starved-servers, starved-servers"
  })
  void friendlyAndSimulatorNamesMapToTheSimulatorsScenario(String name, String scenario) {
    assertThat(DemoScenarios.byName(name).scenario().name()).isEqualTo(scenario);
  }

  @Test
  void theDefaultIsThePostmortemAndOnlyTheDatabaseOutageIsAlertOnly() {
    assertThat(DemoScenarios.byName(DemoScenarios.DEFAULT).scenarioName()).isEqualTo("all-to-one");
    assertThat(DemoScenarios.all())
        .filteredOn(s -> !s.rollsBack())
        .extracting(DemoScenario::name)
        .containsExactly("database-outage");
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> DemoScenarios.byName("flash-crowd"))
        .hasMessage(
            "unknown scenario 'flash-crowd'; known: postmortem, uneven-skew, starved-servers, "
                + "errors-after-change, database-outage");
  }

  @Test
  void theOnsetLandsOnAWindowBoundaryAtLeastTheLeadIn() {
    long start = 1_000_003_700L;
    long onset = DemoTimeline.onsetOffsetMs(start, Duration.ofSeconds(45), WINDOW);
    assertThat(onset).isBetween(45_000L, 50_000L);
    assertThat((start + onset) % WINDOW.toMillis()).isZero();
    assertThat(DemoTimeline.onsetOffsetMs(0, Duration.ofSeconds(45), WINDOW)).isEqualTo(45_000);
  }

  @Test
  void retimingMovesTheDeployToTheOnsetAndKeepsTheStory() {
    Scenario s =
        DemoTimeline.retime(
            DemoScenarios.byName("postmortem").scenario(),
            45_000,
            Duration.ofSeconds(40),
            Duration.ofSeconds(150));
    assertThat(s.timeline()).containsExactly(new Scenario.Deploy(45_000, "be_web", "v42"));
    assertThat(s.expectation().onsetOffsetMs()).isEqualTo(45_000);
    assertThat(s.expectation().badVersion()).isEqualTo("v42");
    assertThat(s.expectation().lastKnownGoodVersion()).isEqualTo("v41");
    assertThat(s.durationMs()).isEqualTo(150_000);
    assertThat(s.pool("be_web").overload().capacityRps()).isEqualTo(50);
    assertThat(s.versionLiveBefore("be_web", 45_000)).isEqualTo("v41");
  }

  @Test
  void retimingCutsAFailureOutsideTheConfigToTheErrorBurst() {
    Scenario s =
        DemoTimeline.retime(
            DemoScenarios.byName("database-outage").scenario(),
            45_000,
            Duration.ofSeconds(40),
            Duration.ofSeconds(150));
    assertThat(s.timeline())
        .containsExactly(new Scenario.BackendErrors(45_000, 85_000, "be_web", 0.4));
    assertThat(s.expectation().rollbackExpected()).isFalse();
  }

  @Test
  void everyDemoScenarioRetimesIntoTheDefaultDuration() {
    for (DemoScenario d : DemoScenarios.all()) {
      Scenario s =
          DemoTimeline.retime(
              d.scenario(), 45_000, Duration.ofSeconds(40), Duration.ofSeconds(150));
      assertThat(s.timeline())
          .allMatch(step -> step.atOffsetMs() >= 45_000 && step.atOffsetMs() < 150_000);
    }
  }
}
