package io.fulcrum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.sim.Expectation;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.Scenarios;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every simulated incident through the whole topology, in event time, from several seeds and rates:
 * must-detect scenarios are caught within the latency targets and name the right config change;
 * must-stay-quiet scenarios raise nothing; a 5xx spike with no change says so.
 */
class DetectionScenarioTest {
  private static final long START = 1_781_000_000_000L;

  static Stream<Arguments> runs() {
    return Scenarios.all().stream()
        .flatMap(
            s ->
                LongStream.of(1, 2, 3)
                    .boxed()
                    .flatMap(
                        seed -> {
                          boolean lowTraffic = s.nominalRateRps() < 10;
                          Stream<Arguments> nominal =
                              Stream.of(Arguments.of(s.name(), seed, s.nominalRateRps()));
                          // A second rate for each scenario: busier traffic must not change the
                          // verdict.
                          return seed == 1 && !lowTraffic
                              ? Stream.concat(
                                  nominal,
                                  Stream.of(Arguments.of(s.name(), seed, 4 * s.nominalRateRps())))
                              : nominal;
                        }));
  }

  @ParameterizedTest(name = "{0} seed={1} rate={2}/s")
  @MethodSource("runs")
  void scenarioBehavesAsItsExpectationSays(String name, long seed, double rps) {
    Scenario scenario = Scenarios.byName(name);
    Expectation expect = scenario.expectation();
    List<AnomalyEvent> started;
    FulcrumSettings settings = FulcrumSettings.defaultsWith(Map.of());
    if (seed == 1 && rps == scenario.nominalRateRps()) {
      // Once per scenario through every processor of the topology, as Avro events...
      try (ReplayDriver driver = new ReplayDriver(settings)) {
        SimFeeder.play(
            scenario.events(START, seed, scenario.multiplierFor(rps)),
            driver,
            SimFeeder.Input.AVRO);
        started =
            driver.anomalies().stream()
                .filter(a -> a.getStatus() == AnomalyStatus.STARTED)
                .toList();
      }
    } else {
      // ...and the other seeds and rates as HAProxy lines through the fast replay, four times
      // quicker.
      try (FastReplay replay = new FastReplay(settings)) {
        SimFeeder.play(scenario.events(START, seed, scenario.multiplierFor(rps)), replay);
        started =
            replay.anomalies().stream()
                .filter(a -> a.getStatus() == AnomalyStatus.STARTED)
                .toList();
      }
    }
    String seen =
        started.stream()
            .map(
                a ->
                    a.getKind()
                        + " @"
                        + (a.getDetectedAt().toEpochMilli() - START) / 1000
                        + "s: "
                        + a.getSummary())
            .collect(Collectors.joining("\n  ", "\n  ", ""));

    if (expect.mustStayQuiet()) {
      assertThat(started).as("a quiet scenario raised anomalies:%s", seen).isEmpty();
      return;
    }
    long onset = START + expect.onsetOffsetMs();
    long limitMs = (rps >= 100 ? 20_000 : 120_000) + expect.harmDelayMs();
    for (String kind : expect.mustDetectKinds()) {
      AnomalyEvent hit =
          started.stream()
              .filter(
                  a -> a.getPool().equals(expect.brokenPool()) && a.getKind().name().equals(kind))
              .findFirst()
              .orElse(null);
      assertThat(hit)
          .as("%s not raised on %s; saw:%s", kind, expect.brokenPool(), seen)
          .isNotNull();
      assertThat(hit.getDetectedAt().toEpochMilli() - onset)
          .as("%s detection latency (ms) in event time; saw:%s", kind, seen)
          .isBetween(0L, limitMs);
      if (expect.rollbackExpected()) {
        assertThat(hit.getSuspectedCause()).as("cause of %s", hit.getSummary()).isNotNull();
        assertThat(hit.getSuspectedCause().getVersion()).isEqualTo(expect.badVersion());
        assertThat(hit.getSummary()).contains("config " + expect.badVersion());
      } else {
        assertThat(hit.getSuspectedCause())
            .as("alert-only %s must not blame a change: %s", kind, hit.getSummary())
            .isNull();
        assertThat(hit.getSummary()).contains("not explained by a config change");
      }
    }
    assertThat(started)
        .as("anomalies on pools other than %s:%s", expect.brokenPool(), seen)
        .allMatch(a -> a.getPool().equals(expect.brokenPool()));
  }
}
