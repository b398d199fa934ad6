package io.fulcrum.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LatencyDetectorTest {
  private final PoolAnalyzer analyzer = new PoolAnalyzer();
  private final LatencyDetector detector = new LatencyDetector(DetectionSettings.defaults());

  static Stream<Arguments> seedsAndRates() {
    return Stream.of(1L, 2L, 3L)
        .flatMap(seed -> Stream.of(30.0, 100.0, 1000.0).map(rate -> Arguments.of(seed, rate)));
  }

  private PoolBaseline warm(SimPool pool, int windows) {
    PoolBaseline b = analyzer.newBaseline();
    assertThat(pool.feed(analyzer, b, windows)).isEmpty();
    return b;
  }

  private Optional<Finding> latency(PoolObservation obs, PoolBaseline b) {
    return detector.evaluate(obs, b, Expected.resolve(obs, b));
  }

  @ParameterizedTest(name = "seed {0}, {1} req/s")
  @MethodSource("seedsAndRates")
  void p95ThreeTimesHigherOnOneServerIsDetected(long seed, double rate) {
    SimPool pool = SimPool.even(seed, 4).rate(rate);
    PoolBaseline b = warm(pool, 30);
    pool.median(1, 120);
    for (int w = 0; w < 3; w++) {
      Finding f = latency(pool.next(), b).orElseThrow();
      assertThat(f.server()).isEqualTo("web-2");
      assertThat(f.pValue()).isLessThan(1e-6);
      assertThat(f.effectSize()).isBetween(2.4, 4.2); // true 3x, +-1 bucket each side
      assertThat(f.headline()).matches("web-2 p95 \\d+ ms \\(baseline \\d+ ms\\)");
      assertThat(f.evidence())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.baselineP95Ms()).isBetween(65, 92);
                assertThat(e.p95Ms()).isGreaterThan(2 * e.baselineP95Ms());
              });
    }
  }

  @Test
  void slowdownOnSeveralServersIsOneFindingWithoutASingleServer() {
    SimPool pool = SimPool.even(7, 4).rate(200);
    PoolBaseline b = warm(pool, 30);
    pool.median(0, 400).median(3, 400);
    Finding f = latency(pool.next(), b).orElseThrow();
    assertThat(f.server()).isNull();
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.evidence()).extracting(ServerEvidence::server).containsExactly("web-1", "web-4");
  }

  @Test
  void modestSlowdownBelowTheEffectGateIsQuiet() {
    SimPool pool = SimPool.even(8, 4).rate(1000);
    PoolBaseline b = warm(pool, 30);
    pool.median(0, 52); // +30%: very significant on 2500 requests, but p95 is not 1.5x
    assertThat(latency(pool.next(), b)).isEmpty();
  }

  @Test
  void serversWithFewerThanFiftyRequestsAreNotTested() {
    SimPool pool = SimPool.even(9, 4).rate(12);
    PoolBaseline b = warm(pool, 60);
    pool.median(1, 400);
    assertThat(latency(pool.window(160), b)).isEmpty();
  }

  @Test
  void nothingIsTestedBeforeTheBaselineIsWarm() {
    SimPool pool = SimPool.even(10, 4).rate(100);
    PoolBaseline b = analyzer.newBaseline();
    pool.feed(analyzer, b, 3);
    pool.median(1, 1000);
    assertThat(latency(pool.next(), b)).isEmpty();
  }
}
