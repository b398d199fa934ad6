package io.fulcrum.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Normal operation must produce zero findings: each scenario runs 200 seeded windows through the
 * analyzer.
 */
class QuietScenariosTest {
  private static final int WINDOWS = 200;
  private final PoolAnalyzer analyzer = new PoolAnalyzer();

  static Stream<Arguments> evenRates() {
    return Stream.of(
        Arguments.of(1L, 5.0),
        Arguments.of(2L, 5.0),
        Arguments.of(1L, 50.0),
        Arguments.of(2L, 50.0),
        Arguments.of(1L, 500.0),
        Arguments.of(2L, 500.0),
        Arguments.of(1L, 5000.0));
  }

  private List<Finding> run(SimPool pool, int windows, PoolBaseline b) {
    return pool.feed(analyzer, b, windows);
  }

  @ParameterizedTest(name = "seed {0}, {1} req/s")
  @MethodSource("evenRates")
  void normalEvenTrafficStaysQuiet(long seed, double rate) {
    PoolBaseline b = analyzer.newBaseline();
    assertThat(run(SimPool.even(seed, 4).rate(rate), WINDOWS, b)).isEmpty();
    assertThat(b.isWarm()).isTrue();
    assertThat(b.healthyWindows()).isGreaterThan(150);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void learnedUnevenWeightsStayQuiet(long seed) {
    PoolBaseline b = analyzer.newBaseline();
    assertThat(run(SimPool.even(seed, 4).rate(40).shares(3, 1, 1, 1), WINDOWS, b)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void flashCrowdWithEvenDistributionStaysQuiet(long seed) {
    SimPool pool = SimPool.even(seed, 4).rate(50);
    PoolBaseline b = analyzer.newBaseline();
    List<Finding> findings = new ArrayList<>(run(pool, 50, b));
    pool.rate(250);
    findings.addAll(run(pool, WINDOWS - 50, b));
    assertThat(findings).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(doubles = {5, 50, 500})
  void declaredCanaryAtFivePercentWeightStaysQuiet(double rate) {
    SimPool pool =
        SimPool.even(7, 4)
            .rate(rate)
            .shares(1, 1, 1, 0.05)
            .declared(Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 0.05));
    assertThat(run(pool, WINDOWS, analyzer.newBaseline())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(doubles = {5, 50, 500})
  void declaredDrainWithAFewLeftoverRequestsStaysQuiet(double rate) {
    SimPool pool =
        SimPool.even(8, 4)
            .rate(rate)
            .shares(1, 1, 1, 0.03)
            .declared(Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 0.0));
    Analysis first = analyzer.analyze(pool.next(), analyzer.newBaseline());
    assertThat(first.expectedShares()).containsEntry("web-4", 0.0);
    assertThat(run(pool, WINDOWS, analyzer.newBaseline())).isEmpty();
  }

  @Test
  void drainAnnouncedAfterTheBaselineWasLearnedStaysQuiet() {
    SimPool pool = SimPool.even(9, 4).rate(50);
    PoolBaseline b = analyzer.newBaseline();
    assertThat(run(pool, 50, b)).isEmpty();
    pool.shares(1, 1, 1, 0.02)
        .declared(Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 0.0));
    assertThat(run(pool, 300, b)).isEmpty();
    pool.shares(1, 1, 1, 0)
        .declared(null); // without a declaration the baseline knows the drain by now
    assertThat(run(pool, 50, b)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void nightTrickleOfOneToTwoRequestsPerSecondOverThreeServersStaysQuiet(long seed) {
    SimPool pool = SimPool.even(seed, 3);
    Random rates = new Random(seed);
    PoolBaseline b = analyzer.newBaseline();
    List<Finding> findings = new ArrayList<>();
    for (int w = 0; w < WINDOWS; w++) {
      pool.rate(1 + rates.nextDouble());
      findings.addAll(run(pool, 1, b));
    }
    assertThat(findings).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void diurnalRampOfTenTimesOverHundredWindowsStaysQuiet(long seed) {
    SimPool pool = SimPool.even(seed, 4);
    PoolBaseline b = analyzer.newBaseline();
    List<Finding> findings = new ArrayList<>();
    for (int w = 0; w < WINDOWS; w++) {
      int t = w < 100 ? w : 200 - w; // up 10x, then back down
      pool.rate(20 * Math.pow(10, t / 100.0));
      findings.addAll(run(pool, 1, b));
    }
    assertThat(findings).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(doubles = {5, 50, 500})
  void newServerAddedWithoutDeclaredWeightsStaysQuiet(double rate) {
    SimPool pool = SimPool.even(11, 4).rate(rate);
    PoolBaseline b = analyzer.newBaseline();
    List<Finding> findings = new ArrayList<>(run(pool, 40, b));
    pool.addServer(1);
    findings.addAll(run(pool, WINDOWS - 40, b));
    assertThat(findings).isEmpty();
    assertThat(b.isEstablished("web-5")).isTrue();
    assertThat(b.share("web-5")).isGreaterThan(0.1);
  }

  @Test
  void serverRemovedFromThePoolStaysQuietAndIsEventuallyForgotten() {
    SimPool pool = SimPool.even(12, 4).rate(50);
    PoolBaseline b = analyzer.newBaseline();
    List<Finding> findings = new ArrayList<>(run(pool, 40, b));
    SimPool three = SimPool.even(13, 3).rate(50);
    findings.addAll(run(three, 400, b));
    assertThat(findings).isEmpty();
    assertThat(b.servers()).containsExactly("web-1", "web-2", "web-3");
  }

  @ParameterizedTest
  @ValueSource(doubles = {5, 50, 500})
  void normalHalfPercentFiveXxNoiseStaysQuiet(double rate) {
    SimPool pool = SimPool.even(14, 4).rate(rate).errorRate(0.005);
    assertThat(run(pool, WINDOWS, analyzer.newBaseline())).isEmpty();
  }

  @Test
  void sixServersWithSlightlyDifferentLatenciesAndErrorsStayQuiet() {
    SimPool pool = SimPool.even(15, 6).rate(300).errorRate(0.01).median(2, 60).median(5, 25);
    assertThat(run(pool, WINDOWS, analyzer.newBaseline())).isEmpty();
  }
}
