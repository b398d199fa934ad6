package io.fulcrum.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenariosTest {

  private static final long START = 1_718_031_600_000L;
  private static final long WARM_UP = 2 * Scenarios.MIN;

  static Stream<Scenario> scenarios() {
    return Scenarios.all().stream();
  }

  @Test
  void registryHoldsEveryScenarioTheCliAndTheTestsName() {
    assertThat(Scenarios.names())
        .containsExactlyInAnyOrder(
            "all-to-one",
            "typo-announced-as-written",
            "two-lbs-one-bad",
            "wrong-port",
            "latency-only",
            "skew-two-of-six",
            "starved-servers",
            "errors-after-change",
            "low-traffic-all-to-one",
            "two-pools-one-broken",
            "flash-crowd",
            "canary",
            "drain",
            "night-trickle",
            "diurnal-ramp",
            "harmless-change",
            "database-outage",
            "pool-silent",
            "good-then-bad",
            "skew-ramp",
            "slow-start-scale-out",
            "lb-clock-skew");
    assertThat(Scenarios.names())
        .doesNotHaveDuplicates()
        .allMatch(n -> n.matches("[a-z0-9]+(-[a-z0-9]+)*"));
    Scenarios.all().forEach(s -> assertThat(Scenarios.byName(s.name())).isSameAs(s));
  }

  @Test
  void unknownNameIsRejectedWithTheKnownNames() {
    assertThatThrownBy(() -> Scenarios.byName("all-to-two"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all-to-two")
        .hasMessageContaining("all-to-one")
        .hasMessageContaining("pool-silent");
  }

  @Test
  void goodThenBadRollsBackToTheLastGoodChangeNotTheOldestOne() {
    Expectation e = Scenarios.byName("good-then-bad").expectation();

    assertThat(e.badVersion()).isEqualTo("v43");
    assertThat(e.lastKnownGoodVersion()).isEqualTo("v42");
  }

  @Test
  void aScenarioCanRunLongerForALiveDemoButNotCutItsTimelineShort() {
    Scenario s = Scenarios.byName("all-to-one");

    Scenario longer = s.withDurationMs(30 * Scenarios.MIN);

    assertThat(longer.durationMs()).isEqualTo(30 * Scenarios.MIN);
    assertThat(longer.expectation()).isEqualTo(s.expectation());
    assertThat(longer.timeline()).isEqualTo(s.timeline());
    assertThatThrownBy(() -> s.withDurationMs(2 * Scenarios.MIN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderRejectsARollbackExpectationThatContradictsTheTimeline() {
    List<String> web = Scenarios.servers("web", 2);
    Scenario.Builder b =
        Scenario.builder("wrong-lkg", "v3 named last good, but v2 was live")
            .pool("be_web", web, TrafficProfile.constant(10), PoolConfig.even("v1", web, ""))
            .deploy(60_000, "be_web", PoolConfig.even("v2", web, ""))
            .deploy(120_000, "be_web", PoolConfig.undeclared("v3", Map.of("web-1", 1.0), ""))
            .duration(180_000);

    assertThatThrownBy(
            () ->
                b.expect(Expectation.rollback("be_web", 120_000, "v3", "v1", "IMBALANCE")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("last known good");
    assertThat(b.expect(Expectation.rollback("be_web", 120_000, "v3", "v2", "IMBALANCE")).build())
        .isNotNull();
    assertThatThrownBy(() -> Expectation.rollback("be_web", 120_000, "v3", null, "IMBALANCE"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Expectation(Set.of("IMBALANCE"), true, false, null, -1, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void expectationIsConsistentWithTheTimeline(Scenario s) {
    Expectation e = s.expectation();

    assertThat(s.description()).isNotBlank().doesNotContain("\n");
    if (e.rollbackExpected()) {
      assertThat(e.badVersion()).isNotNull();
      assertThat(e.lastKnownGoodVersion())
          .isEqualTo(s.versionLiveBefore(e.brokenPool(), e.onsetOffsetMs()));
      assertThat(s.timeline())
          .contains(new Scenario.Deploy(e.onsetOffsetMs(), e.brokenPool(), e.badVersion()));
    }
    if (e.mustStayQuiet()) {
      assertThat(e.mustDetectKinds()).isEmpty();
      assertThat(e.rollbackExpected()).isFalse();
    } else {
      assertThat(e.onsetOffsetMs())
          .as("a baseline needs a healthy warm-up")
          .isGreaterThanOrEqualTo(WARM_UP);
      assertThat(Expectation.KINDS).containsAll(e.mustDetectKinds());
    }
    if (!e.mustStayQuiet() && !e.rollbackExpected()) {
      assertThat(s.timeline())
          .as("nothing to roll back: no deploy in the 30 min before the onset")
          .noneMatch(
              step ->
                  step instanceof Scenario.Deploy d
                      && d.atOffsetMs() > e.onsetOffsetMs() - 30 * Scenarios.MIN);
      assertThat(s.initialAnnounceOffsetMs())
          .isLessThanOrEqualTo(e.onsetOffsetMs() - 30 * Scenarios.MIN);
    }
    assertThat(s.timeline())
        .filteredOn(step -> !(step instanceof Scenario.ClockSkew))
        .allSatisfy(step -> assertThat(step.atOffsetMs()).isGreaterThanOrEqualTo(WARM_UP));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void trafficBehavesAsTheExpectationSays(Scenario s) {
    Expectation e = s.expectation();
    RunTally t = RunTally.of(s.events(START, 21));

    assertThat(t.changes).hasSizeGreaterThanOrEqualTo(s.pools().size());
    for (Scenario.PoolSpec p : s.pools()) {
      assertThat(t.range(p.name(), 0, WARM_UP).requests).as(p.name()).isPositive();
      assertThat(t.errorShare(p.name(), 0, WARM_UP))
          .as(p.name() + " warm-up is healthy")
          .isLessThan(0.01);
    }
    if (e.mustStayQuiet()) {
      for (Scenario.PoolSpec p : s.pools()) {
        assertThat(t.errorShare(p.name(), 0, s.durationMs())).as(p.name()).isLessThan(0.01);
        assertThat(t.meanLatency(p.name(), 0, s.durationMs())).as(p.name()).isLessThan(60);
      }
      return;
    }
    String pool = e.brokenPool();
    long from = e.onsetOffsetMs() + 60_000;
    long to = Math.min(s.durationMs(), from + 60_000);
    if (e.mustDetectKinds().contains(Expectation.ERROR_SPIKE)) {
      assertThat(t.errorShare(pool, from, to)).isGreaterThan(0.2);
    }
    if (e.mustDetectKinds().contains(Expectation.IMBALANCE)) {
      List<String> servers = s.pool(pool).servers();
      assertThat(servers)
          .as("some server's share moved by far more than noise")
          .anySatisfy(
              server -> {
                double before = t.serverShare(pool, server, 0, e.onsetOffsetMs());
                double after = t.serverShare(pool, server, from, to);
                assertThat(after < before / 4 || after > before * 1.5).isTrue();
              });
    }
    if (e.mustDetectKinds().contains(Expectation.POOL_SILENT)) {
      assertThat(t.range(pool, e.onsetOffsetMs(), s.durationMs()).requests).isZero();
    }
    if (e.rollbackExpected()) {
      assertThat(t.changes)
          .anyMatch(
              c ->
                  c.pool().equals(pool)
                      && c.version().equals(e.badVersion())
                      && c.timestampMs() == START + e.onsetOffsetMs());
    }
  }
}
