package io.fulcrum.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImbalanceDetectorTest {
  private final PoolAnalyzer analyzer = new PoolAnalyzer();
  private final ImbalanceDetector detector = new ImbalanceDetector(DetectionSettings.defaults());

  static Stream<Arguments> seedsAndRates(double... rates) {
    return Stream.of(1L, 2L, 3L)
        .flatMap(seed -> java.util.Arrays.stream(rates).mapToObj(rate -> Arguments.of(seed, rate)));
  }

  static Stream<Arguments> allRates() {
    return seedsAndRates(3, 5, 8, 50, 500);
  }

  static Stream<Arguments> starvationRates() {
    return seedsAndRates(20, 100, 1000);
  }

  private PoolBaseline warm(SimPool pool, int windows) {
    PoolBaseline b = analyzer.newBaseline();
    assertThat(pool.feed(analyzer, b, windows)).isEmpty();
    assertThat(b.isWarm()).isTrue();
    return b;
  }

  /**
   * Every sampled window with enough traffic must carry an IMBALANCE finding; returns the first.
   */
  private Finding imbalanceInEachOf(SimPool pool, PoolBaseline b, int windows) {
    Finding first = null;
    for (int w = 0; w < windows; w++) {
      PoolObservation obs = pool.next();
      Analysis a = analyzer.analyze(obs, b);
      if (obs.servedCount() < 20) {
        continue;
      }
      assertThat(a.healthy()).isFalse();
      Optional<Finding> f =
          a.findings().stream().filter(x -> x.kind() == AnomalyKind.IMBALANCE).findFirst();
      assertThat(f).as("window %s with %s requests", w, obs.servedCount()).isPresent();
      first = first == null ? f.get() : first;
    }
    assertThat(first).isNotNull();
    return first;
  }

  @ParameterizedTest(name = "seed {0}, {1} req/s")
  @MethodSource("allRates")
  void allTrafficToOneOfFourServersIsCriticalImbalanceAgainstTheBaseline(long seed, double rate) {
    SimPool pool = SimPool.even(seed, 4).rate(rate);
    PoolBaseline b = warm(pool, 30);
    pool.shares(0, 1, 0, 0);
    Finding f = imbalanceInEachOf(pool, b, 5);
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.server()).isEqualTo("web-2");
    assertThat(f.test()).isEqualTo("G-test");
    assertThat(f.degreesOfFreedom()).isEqualTo(3);
    assertThat(f.pValue()).isLessThan(1e-6);
    assertThat(f.effectSize()).isGreaterThan(0.6);
    assertThat(f.headline()).startsWith("web-2 got 100% of traffic (expected 2");
  }

  @ParameterizedTest(name = "seed {0}, {1} req/s")
  @MethodSource("allRates")
  void allTrafficToOneOfFourDeclaredServersIsDetectedWithoutAnyHistory(long seed, double rate) {
    SimPool pool =
        SimPool.even(seed, 4)
            .rate(rate)
            .shares(1, 0, 0, 0)
            .declared(Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 1.0));
    Finding f = imbalanceInEachOf(pool, analyzer.newBaseline(), 5);
    assertThat(f.headline()).isEqualTo("web-1 got 100% of traffic (expected 25%)");
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.evidence())
        .extracting(ServerEvidence::server)
        .containsExactly("web-1", "web-2", "web-3", "web-4");
  }

  @ParameterizedTest(name = "seed {0}, {1} req/s")
  @MethodSource("allRates")
  void lowTrafficPoolSentToOneServerIsDetectedFromExactlyThirtyRequests(long seed, double rate) {
    SimPool pool = SimPool.even(seed, 4).rate(rate);
    PoolBaseline b = warm(pool, 20);
    pool.shares(0, 0, 1, 0);
    Analysis a = analyzer.analyze(pool.window(30), b);
    assertThat(a.findings()).extracting(Finding::kind).contains(AnomalyKind.IMBALANCE);
    assertThat(a.findings().get(0).pValue()).isLessThan(1e-10);
  }

  @ParameterizedTest(name = "seed {0}, {1} req/s")
  @MethodSource("allRates")
  void skewToTwoOfSixServersWithTheOthersStarvingIsCritical(long seed, double rate) {
    SimPool pool = SimPool.even(seed, 6).rate(rate * 2);
    PoolBaseline b = warm(pool, 30);
    pool.shares(1, 0, 0, 1, 0, 0);
    Finding f = imbalanceInEachOf(pool, b, 5);
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.server()).isNull();
    assertThat(f.headline()).matches("web-[14], web-[14] got 100% of traffic \\(expected 3\\d%\\)");
  }

  @ParameterizedTest(name = "seed {0}, {1} req/s")
  @MethodSource("starvationRates")
  void oneOfSixServersGettingNothingIsStarvationEvenThoughTheDistanceIsSmall(
      long seed, double rate) {
    SimPool pool = SimPool.even(seed, 6).rate(rate);
    PoolBaseline b = warm(pool, 30);
    pool.shares(1, 1, 1, 1, 1, 0);
    Finding f = imbalanceInEachOf(pool, b, 5);
    assertThat(f.test()).isEqualTo("Poisson lower tail (starvation)");
    assertThat(f.server()).isEqualTo("web-6");
    assertThat(f.severity()).isEqualTo(Severity.WARNING);
    assertThat(f.effectSize()).isEqualTo(1.0);
    assertThat(f.headline()).matches("web-6 got no traffic \\(expected 1[5-8]%\\)");
  }

  @ParameterizedTest(name = "seed {0}, {1} req/s")
  @MethodSource("allRates")
  void typoPointingThePoolAtANewServerStarvesEveryKnownServer(long seed, double rate) {
    SimPool pool = SimPool.even(seed, 4).rate(rate);
    PoolBaseline b = warm(pool, 30);
    pool.addServer(1).shares(0, 0, 0, 0, 1);
    Finding f = imbalanceInEachOf(pool, b, 5);
    assertThat(f.headline())
        .startsWith(
            "web-5 got 100% of traffic (no expected share); "
                + "web-1, web-2, web-3, web-4 got no traffic (expected ");
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void trafficToAServerMissingFromTheDeclaredWeightsStarvesTheDeclaredOnes() {
    SimPool pool =
        SimPool.even(5, 5)
            .rate(50)
            .shares(0, 0, 0, 0, 1)
            .declared(Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 1.0));
    Finding f = imbalanceInEachOf(pool, analyzer.newBaseline(), 3);
    assertThat(f.headline())
        .isEqualTo(
            "web-5 got 100% of traffic (no expected share); "
                + "web-1, web-2, web-3, web-4 got no traffic (expected 25% each)");
  }

  @Test
  void drainedServersStillGettingMostOfTheTrafficIsImbalance() {
    SimPool pool =
        SimPool.even(9, 3).rate(50).declared(Map.of("web-1", 1.0, "web-2", 0.0, "web-3", 0.0));
    Finding f = imbalanceInEachOf(pool, analyzer.newBaseline(), 3);
    assertThat(f.test()).isEqualTo("binomial upper tail (drained leak)");
    assertThat(f.server()).isNull();
    assertThat(f.headline())
        .matches("web-2, web-3 got [67]\\d% of traffic \\(expected 0%, drained\\)");
  }

  @Test
  void starvedServersStayExpectedAfterTheMembershipListForgetsThem() {
    SimPool pool = SimPool.even(10, 4).rate(50);
    PoolBaseline b = warm(pool, 30);
    PoolObservation onlyWeb1 =
        new PoolObservation(
            "web", 0, 10_000, List.of(ServerObservation.of("web-1", 500, 0)), 0, null);
    Analysis a = analyzer.analyze(onlyWeb1, b);
    assertThat(a.expectedShares()).containsOnlyKeys("web-1", "web-2", "web-3", "web-4");
    assertThat(a.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(AnomalyKind.IMBALANCE);
              assertThat(f.headline()).startsWith("web-1 got 100% of traffic (expected 2");
            });
    assertThat(a.healthy()).isFalse();
  }

  @Test
  void aDeclarationThatPilesTrafficOntoOneServerIsJudgedAgainstTheBaseline() {
    SimPool pool = SimPool.even(10, 4).rate(50);
    PoolBaseline b = warm(pool, 30);
    // The deploy announced the typo config's own weights: only web-1 is left.
    PoolObservation typo =
        new PoolObservation(
            "web",
            0,
            10_000,
            List.of(
                ServerObservation.of("web-1", 500, 0),
                ServerObservation.of("web-2", 0, 0),
                ServerObservation.of("web-3", 0, 0),
                ServerObservation.of("web-4", 0, 0)),
            0,
            Map.of("web-1", 1.0));
    Analysis a = analyzer.analyze(typo, b);
    assertThat(a.expectedSource()).isEqualTo(ExpectedSource.BASELINE);
    assertThat(a.findings()).anySatisfy(f -> assertThat(f.kind()).isEqualTo(AnomalyKind.IMBALANCE));
  }

  @Test
  void aDeclaredDrainOfOneServerOfFourIsStillExpected() {
    SimPool pool = SimPool.even(10, 4).rate(50);
    PoolBaseline b = warm(pool, 30);
    PoolObservation drained =
        new PoolObservation(
            "web",
            0,
            10_000,
            List.of(
                ServerObservation.of("web-1", 170, 0),
                ServerObservation.of("web-2", 165, 0),
                ServerObservation.of("web-3", 165, 0),
                ServerObservation.of("web-4", 0, 0)),
            0,
            Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 0.0));
    Analysis a = analyzer.analyze(drained, b);
    assertThat(a.expectedSource()).isEqualTo(ExpectedSource.DECLARED);
    assertThat(a.findings()).isEmpty();
  }

  @Test
  void aDeclaredDrainOfOneOfTwoServersIsTrusted() {
    PoolBaseline b = warm(SimPool.even(11, 2).rate(50), 30);
    Analysis a =
        analyzer.analyze(
            observe(Map.of("web-1", 500L, "web-2", 0L), Map.of("web-1", 1.0, "web-2", 0.0)), b);
    assertThat(a.expectedSource()).isEqualTo(ExpectedSource.DECLARED);
    assertThat(a.findings()).isEmpty();
  }

  @Test
  void restoringADrainedServerIsTrustedThoughItsLearnedShareDecayed() {
    PoolBaseline b = warm(SimPool.even(12, 2).rate(50).shares(0.96, 0.04), 60);
    Analysis a =
        analyzer.analyze(
            observe(Map.of("web-1", 250L, "web-2", 250L), Map.of("web-1", 1.0, "web-2", 1.0)), b);
    assertThat(a.expectedSource()).isEqualTo(ExpectedSource.DECLARED);
    assertThat(a.findings()).isEmpty();
  }

  @Test
  void aBlueGreenCutoverToNewServersIsTrusted() {
    PoolBaseline b = warm(SimPool.even(13, 2).rate(50), 30);
    Analysis a =
        analyzer.analyze(
            observe(
                Map.of("web-3", 250L, "web-4", 250L),
                Map.of("web-1", 0.0, "web-2", 0.0, "web-3", 1.0, "web-4", 1.0)),
            b);
    assertThat(a.expectedSource()).isEqualTo(ExpectedSource.DECLARED);
    assertThat(a.findings()).isEmpty();
  }

  @Test
  void aWeightTypoThatKeepsEveryServerButPilesOntoOneIsJudgedAgainstTheBaseline() {
    PoolBaseline b = warm(SimPool.even(14, 4).rate(50), 30);
    Analysis a =
        analyzer.analyze(
            observe(
                Map.of("web-1", 485L, "web-2", 5L, "web-3", 5L, "web-4", 5L),
                Map.of("web-1", 100.0, "web-2", 1.0, "web-3", 1.0, "web-4", 1.0)),
            b);
    assertThat(a.expectedSource()).isEqualTo(ExpectedSource.BASELINE);
    assertThat(a.findings()).anySatisfy(f -> assertThat(f.kind()).isEqualTo(AnomalyKind.IMBALANCE));
  }

  @Test
  void aServerNewToThePoolInSlowStartIsNotStarvedButAnEstablishedOneStillIs() {
    PoolBaseline b = warm(SimPool.even(15, 4).rate(100), 30);
    Map<String, Double> five =
        Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 1.0, "web-5", 1.0);
    Analysis warming =
        analyzer.evaluate(
            observe(
                Map.of("web-1", 250L, "web-2", 245L, "web-3", 255L, "web-4", 235L, "web-5", 15L),
                five),
            b);
    assertThat(warming.expectedSource()).isEqualTo(ExpectedSource.DECLARED);
    assertThat(warming.findings()).isEmpty();

    Analysis starved =
        analyzer.evaluate(
            observe(
                Map.of("web-1", 330L, "web-2", 325L, "web-3", 330L, "web-4", 0L, "web-5", 15L),
                five),
            b);
    assertThat(starved.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(AnomalyKind.IMBALANCE);
              assertThat(f.server()).isEqualTo("web-4");
            });
  }

  private static PoolObservation observe(Map<String, Long> counts, Map<String, Double> declared) {
    List<ServerObservation> servers = new java.util.ArrayList<>();
    new java.util.TreeMap<>(counts).forEach((s, n) -> servers.add(ServerObservation.of(s, n, 0)));
    return new PoolObservation("web", 0, 10_000, servers, 0, declared);
  }

  @Test
  void gStatisticAndPValueMatchAHandComputation() {
    PoolObservation obs =
        new PoolObservation(
            "p",
            0,
            10_000,
            List.of(
                ServerObservation.of("a", 30, 0),
                ServerObservation.of("b", 0, 0),
                ServerObservation.of("c", 0, 0),
                ServerObservation.of("d", 0, 0)),
            0,
            Map.of("a", 1.0, "b", 1.0, "c", 1.0, "d", 1.0));
    PoolBaseline b = new PoolBaseline();
    Finding f = detector.evaluate(obs, b, Expected.resolve(obs, b)).orElseThrow();
    double g = 2 * 30 * Math.log(4) / (1 + 5.0 / (6 * 30));
    assertThat(f.statistic()).isCloseTo(g, within(1e-9));
    double p = 1 - new ChiSquaredDistribution(null, 3, 1e-9).cumulativeProbability(g);
    assertThat(f.pValue()).isCloseTo(p, within(1e-15));
    assertThat(f.effectSize()).isCloseTo(0.75, within(1e-12));
    assertThat(f.evidence().get(0))
        .isEqualTo(new ServerEvidence("a", 30, 7.5, 1.0, 0.25, 0, 0, 0, 0));
  }

  @Test
  void singleServerPoolCannotBeImbalanced() {
    SimPool pool = SimPool.even(1, 1).rate(100);
    PoolBaseline b = warm(pool, 10);
    assertThat(pool.feed(analyzer, b, 20)).isEmpty();
  }

  @Test
  void withoutDeclaredWeightsOrWarmBaselineThereIsNoVerdict() {
    SimPool pool = SimPool.even(1, 4).rate(100).shares(1, 0, 0, 0);
    PoolObservation obs = pool.next();
    PoolBaseline cold = new PoolBaseline();
    Expected expected = Expected.resolve(obs, cold);
    assertThat(expected.source()).isEqualTo(ExpectedSource.NONE);
    assertThat(detector.evaluate(obs, cold, expected)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 5, 19})
  void windowsBelowTheMinimumCountAreNotTested(long requests) {
    SimPool pool =
        SimPool.even(1, 4)
            .shares(1, 0, 0, 0)
            .declared(Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 1.0));
    PoolObservation obs = pool.window(requests);
    PoolBaseline b = new PoolBaseline();
    assertThat(detector.evaluate(obs, b, Expected.resolve(obs, b))).isEmpty();
  }

  @Test
  void moderateSkewThatMovesLessThanAFifthOfTrafficIsQuietEvenWhenSignificant() {
    // 31/23/23/23% on 20k requests: p ~ 0, but TVD 0.06 is below the 0.2 effect gate.
    SimPool pool =
        SimPool.even(4, 4)
            .rate(2000)
            .shares(31, 23, 23, 23)
            .declared(Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 1.0));
    PoolObservation obs = pool.next();
    PoolBaseline b = new PoolBaseline();
    assertThat(detector.evaluate(obs, b, Expected.resolve(obs, b))).isEmpty();
  }
}
