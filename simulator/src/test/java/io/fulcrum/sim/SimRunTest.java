package io.fulcrum.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimRunTest {

  private static final long START = 1_718_031_600_000L;
  private static final long DEPLOY = 2 * Scenarios.MIN;

  private static List<SimEvent> all(SimRun run) {
    List<SimEvent> out = new ArrayList<>();
    run.forEachRemaining(out::add);
    return out;
  }

  @Test
  void sameSeedGivesIdenticalEventsAndAnotherSeedDoesNot() {
    Scenario s = Scenarios.byName("two-pools-one-broken");

    List<SimEvent> a = all(s.events(START, 1, 0.3));
    List<SimEvent> b = all(s.events(START, 1, 0.3));
    List<SimEvent> c = all(s.events(START, 2, 0.3));

    assertThat(a).hasSizeGreaterThan(10_000).isEqualTo(b);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void eventsComeInEndOrderAndAcceptTimesLagByAtMostTheirLatency() {
    SimRun run = Scenarios.byName("all-to-one").events(START, 3);
    long lastEmit = Long.MIN_VALUE;
    long maxAccept = 0;
    long outOfOrder = 0;
    while (run.hasNext()) {
      SimEvent e = run.next();
      assertThat(e.emitMs()).isGreaterThanOrEqualTo(lastEmit);
      lastEmit = e.emitMs();
      if (e instanceof SimRequest r) {
        assertThat(r.emitMs()).isEqualTo(r.endMs()).isEqualTo(r.timestampMs() + r.latencyMs());
        assertThat(r.timestampMs()).isGreaterThanOrEqualTo(maxAccept - r.latencyMs());
        if (r.timestampMs() < maxAccept) {
          outOfOrder++;
        }
        maxAccept = Math.max(maxAccept, r.timestampMs());
      }
    }
    assertThat(outOfOrder).as("log lines really are out of accept order").isGreaterThan(1_000);
  }

  @Test
  void configChangesAreEmittedAtTheirTimeAmongTheRequests() {
    List<SimEvent> events = all(Scenarios.byName("all-to-one").events(START, 4));

    assertThat(events.get(0))
        .isEqualTo(
            new SimConfigChange(
                START - 3_600_000,
                "be_web",
                "v41",
                PoolConfig.evenWeights(Scenarios.servers("web", 4)),
                "roundrobin over web-1,web-2,web-3,web-4"));
    int i =
        events.indexOf(
            events.stream()
                .filter(e -> e instanceof SimConfigChange c && c.version().equals("v42"))
                .findFirst()
                .orElseThrow());
    assertThat(events.get(i).emitMs()).isEqualTo(START + DEPLOY);
    assertThat(events.subList(0, i))
        .allSatisfy(e -> assertThat(e.emitMs()).isLessThanOrEqualTo(START + DEPLOY));
    assertThat(((SimConfigChange) events.get(i)).weights()).isNull();
  }

  @ParameterizedTest
  @ValueSource(doubles = {5, 100, 1000})
  void rateMultiplierPlaysTheSameScenarioAtTheRequestedRate(double targetRps) {
    Scenario s = Scenarios.byName("all-to-one");
    RunTally t = RunTally.of(s.events(START, 5, s.multiplierFor(targetRps)));

    double measured = t.range("be_web", 0, DEPLOY).requests / (DEPLOY / 1000.0);
    assertThat(measured).isCloseTo(targetRps, within(targetRps * 0.15));
    assertThat(t.serverShare("be_web", "web-1", DEPLOY + 60_000, DEPLOY + 120_000)).isEqualTo(1.0);
    assertThat(t.errorShare("be_web", DEPLOY + 60_000, DEPLOY + 120_000)).isGreaterThan(0.7);
  }

  @Test
  void allToOneOverloadsWeb1AndMostRequestsFailWithinAMinuteOfTheDeploy() {
    RunTally t = RunTally.of(Scenarios.byName("all-to-one").events(START, 6));

    assertThat(t.errorShare("be_web", 0, DEPLOY)).isLessThan(0.01);
    for (String server : Scenarios.servers("web", 4)) {
      assertThat(t.serverShare("be_web", server, 0, DEPLOY)).isCloseTo(0.25, within(0.02));
    }
    assertThat(t.serverShare("be_web", "web-1", DEPLOY + 1_000, DEPLOY + 60_000)).isEqualTo(1.0);
    assertThat(t.errorShare("be_web", DEPLOY + 50_000, DEPLOY + 60_000)).isGreaterThan(0.75);
    assertThat(t.meanLatency("be_web", DEPLOY + 50_000, DEPLOY + 60_000)).isGreaterThan(1_000);
  }

  @Test
  void evenFlashCrowdOfFiveTimesTheTrafficStaysUnderOnePercent5xx() {
    RunTally t = RunTally.of(Scenarios.byName("flash-crowd").events(START, 7));
    long peakFrom = 3 * Scenarios.MIN + 30_000;
    long peakTo = 6 * Scenarios.MIN - 30_000;

    assertThat(t.range("be_web", peakFrom, peakTo).requests / 120.0).isCloseTo(300, within(15.0));
    assertThat(t.errorShare("be_web", peakFrom, peakTo)).isLessThan(0.01);
    assertThat(t.meanLatency("be_web", peakFrom, peakTo)).isLessThan(60);
  }

  @Test
  void activatingTheOldVersionRestoresEvenRoutingAndThe503sFade() {
    SimRun run = Scenarios.byName("all-to-one").events(START, 8);
    RunTally t = new RunTally(START);
    long rollbackAt = START + DEPLOY + 90_000;
    SimConfigChange rollback = null;
    while (run.hasNext()) {
      SimEvent e = run.next();
      t.add(e);
      if (rollback == null && e.emitMs() >= rollbackAt) {
        rollback = run.loadBalancer().activate("be_web", "v41");
      }
    }
    long offset = rollback.timestampMs() - START;

    assertThat(run.loadBalancer().activeVersion("be_web")).isEqualTo("v41");
    assertThat(t.changes).extracting(SimConfigChange::version).containsExactly("v41", "v42", "v41");
    assertThat(t.errorShare("be_web", offset - 10_000, offset)).isGreaterThan(0.75);
    assertThat(t.errorShare("be_web", offset + 30_000, offset + 120_000)).isLessThan(0.01);
    for (String server : Scenarios.servers("web", 4)) {
      assertThat(t.serverShare("be_web", server, offset + 30_000, offset + 120_000))
          .isCloseTo(0.25, within(0.03));
    }
  }

  @Test
  void emptyRoutingSetYieldsNoSrv503s() {
    List<String> web = Scenarios.servers("web", 2);
    Scenario s =
        Scenario.builder("empty-backend", "v2 leaves no server")
            .pool("be_web", web, TrafficProfile.constant(50), PoolConfig.even("v1", web, "even"))
            .deploy(
                60_000, "be_web", PoolConfig.undeclared("v2", Map.of(), "no server line parsed"))
            .duration(120_000)
            .expect(Expectation.rollback("be_web", 60_000, "v2", "v1", Expectation.ERROR_SPIKE))
            .build();

    List<SimRequest> after =
        all(s.events(START, 9)).stream()
            .filter(
                e ->
                    e instanceof SimRequest r
                        && r.timestampMs() >= START + 60_000 + SimulatedLoadBalancer.SWITCHOVER_MS)
            .map(SimRequest.class::cast)
            .toList();

    assertThat(after)
        .hasSizeGreaterThan(2_500)
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(503);
              assertThat(r.server()).isNull();
            })
        .extracting(SimRequest::latencyMs)
        .containsOnly(0);
  }

  @Test
  void aLongRunStaysLazyWithAFewInFlightEventsRegardlessOfItsLength() {
    List<String> web = Scenarios.servers("web", 4);
    Scenario threeHours =
        Scenario.builder("three-hours", "a million requests")
            .pool("be_web", web, TrafficProfile.constant(100), PoolConfig.even("v1", web, "even"))
            .duration(3 * 3_600_000L + 20 * Scenarios.MIN)
            .expect(Expectation.quiet())
            .build();

    SimRun run = threeHours.events(START, 10);
    long n = 0;
    while (run.hasNext()) {
      run.next();
      n++;
    }
    assertThat(n).isGreaterThan(1_000_000).isEqualTo(run.emittedCount());
    assertThat(run.maxInFlight()).isLessThan(100);
  }
}
