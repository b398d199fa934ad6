package io.fulcrum.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorSpikeDetectorTest {
  private final PoolAnalyzer analyzer = new PoolAnalyzer();

  static Stream<Arguments> seedsAndRates() {
    return Stream.of(1L, 2L, 3L)
        .flatMap(seed -> Stream.of(5.0, 50.0, 500.0).map(rate -> Arguments.of(seed, rate)));
  }

  private PoolBaseline warm(SimPool pool, int windows) {
    PoolBaseline b = analyzer.newBaseline();
    assertThat(pool.feed(analyzer, b, windows)).isEmpty();
    assertThat(b.isWarm()).isTrue();
    return b;
  }

  private static Optional<Finding> errorSpike(Analysis a) {
    return a.findings().stream().filter(f -> f.kind() == AnomalyKind.ERROR_SPIKE).findFirst();
  }

  @ParameterizedTest(name = "seed {0}, {1} req/s")
  @MethodSource("seedsAndRates")
  void fiveXxJumpOnEveryServerWithEvenTrafficIsACriticalPoolWideSpike(long seed, double rate) {
    SimPool pool = SimPool.even(seed, 4).rate(rate).errorRate(0.005);
    PoolBaseline b = warm(pool, 30);
    pool.errorRate(0.5);
    for (int w = 0; w < 3; w++) {
      Analysis a = analyzer.analyze(pool.next(), b);
      Finding f = errorSpike(a).orElseThrow();
      assertThat(f.server()).isNull();
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.pValue()).isLessThan(1e-6);
      assertThat(f.headline()).matches("5xx rate \\d+% \\(baseline 0\\.\\d+%\\)");
      assertThat(f.evidence()).hasSize(4);
      assertThat(a.healthy()).isFalse();
      assertThat(a.findings()).extracting(Finding::kind).doesNotContain(AnomalyKind.IMBALANCE);
    }
  }

  @Test
  void singleOverloadedServerIsReportedWhenThePoolRateStaysBelowTheFloor() {
    SimPool pool = SimPool.even(4, 10).rate(50).errorRate(0.002);
    PoolBaseline b = warm(pool, 30);
    pool.errorRate(2, 0.3);
    Finding f = errorSpike(analyzer.analyze(pool.next(), b)).orElseThrow();
    assertThat(f.server()).isEqualTo("web-3");
    assertThat(f.headline()).startsWith("web-3 5xx rate ");
    assertThat(f.evidence()).extracting(ServerEvidence::server).containsExactly("web-3");
  }

  @Test
  void aClearSpikeRightAfterStartupAlertsAgainstTheFloorRate() {
    SimPool pool = SimPool.even(2, 4).rate(20).errorRate(0.5);
    Finding f = errorSpike(analyzer.analyze(pool.next(), analyzer.newBaseline())).orElseThrow();
    assertThat(f.headline()).matches("5xx rate \\d+% \\(no baseline yet\\)");
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void unroutableRequestsCountAsPoolErrors() {
    SimPool pool = SimPool.even(3, 4).rate(50);
    PoolBaseline b = warm(pool, 20);
    pool.noServer(100);
    Finding f = errorSpike(analyzer.analyze(pool.next(), b)).orElseThrow();
    assertThat(f.headline()).endsWith(", 100 unroutable");
    assertThat(f.statistic()).isEqualTo(100);
  }

  @Test
  void significantButSmallRiseBelowTheAbsoluteFloorIsQuiet() {
    SimPool pool = SimPool.even(5, 4).rate(5000).errorRate(0.001).withoutLatency();
    PoolBaseline b = warm(pool, 10);
    pool.errorRate(0.03);
    assertThat(errorSpike(analyzer.analyze(pool.next(), b))).isEmpty();
  }

  @Test
  void aChronicErrorRateRaisesTheThresholdToThreeTimesTheBaseline() {
    SimPool pool = SimPool.even(6, 4).rate(500).errorRate(0.03).withoutLatency();
    PoolBaseline b = warm(pool, 40);
    pool.errorRate(0.07);
    assertThat(errorSpike(analyzer.analyze(pool.next(), b))).isEmpty();
    pool.errorRate(0.2);
    assertThat(errorSpike(analyzer.analyze(pool.next(), b))).isPresent();
  }

  @Test
  void fewerThanFiveErrorsNeverAlert() {
    ErrorSpikeDetector d = new ErrorSpikeDetector(DetectionSettings.defaults());
    PoolObservation obs =
        new PoolObservation("p", 0, 1, List.of(ServerObservation.of("a", 8, 4)), 0, null);
    PoolBaseline b = new PoolBaseline();
    assertThat(d.evaluate(obs, b, Expected.resolve(obs, b))).isEmpty();
  }
}
