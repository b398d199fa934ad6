package io.fulcrum.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SilenceDetectorTest {
  private final PoolAnalyzer analyzer = new PoolAnalyzer();

  private PoolBaseline warm(SimPool pool, int windows) {
    PoolBaseline b = analyzer.newBaseline();
    assertThat(pool.feed(analyzer, b, windows)).isEmpty();
    return b;
  }

  @ParameterizedTest
  @ValueSource(doubles = {3, 50, 5000})
  void poolThatStopsReceivingRequestsIsCriticallySilent(double rate) {
    SimPool pool = SimPool.even(1, 4).rate(rate).withoutLatency();
    PoolBaseline b = warm(pool, 20);
    Analysis a = analyzer.analyze(pool.empty(), b);
    assertThat(a.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(AnomalyKind.POOL_SILENT);
              assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(f.server()).isNull();
              assertThat(f.effectSize()).isEqualTo(1.0);
              assertThat(f.headline())
                  .matches("received no requests \\(expected ~\\d+ per window\\)");
            });
    assertThat(a.healthy()).isFalse();
  }

  @Test
  void silenceKeepsAlertingWhileItLasts() {
    SimPool pool = SimPool.even(2, 4).rate(50);
    PoolBaseline b = warm(pool, 20);
    for (int w = 0; w < 30; w++) {
      assertThat(analyzer.analyze(pool.empty(), b).findings())
          .extracting(Finding::kind)
          .containsExactly(AnomalyKind.POOL_SILENT);
    }
  }

  @Test
  void poolsBelowTwentyRequestsPerWindowAreNotTested() {
    SimPool pool = SimPool.even(3, 3).rate(1.2);
    PoolBaseline b = analyzer.newBaseline();
    for (int w = 0; w < 100; w++) {
      analyzer.analyze(pool.window(25), b); // healthy, teaches the baseline
    }
    pool.feed(analyzer, b, 100); // ~12 per window: quiet, pulls the rate average down
    assertThat(b.requestRate()).isLessThan(20);
    assertThat(analyzer.analyze(pool.empty(), b).findings()).isEmpty();
  }

  @Test
  void halfTheUsualTrafficIsNotSilence() {
    SimPool pool = SimPool.even(4, 4).rate(100);
    PoolBaseline b = warm(pool, 20);
    pool.rate(50);
    assertThat(pool.feed(analyzer, b, 5)).isEmpty();
  }

  @Test
  void unroutableRequestsAreTrafficNotSilence() {
    SimPool pool = SimPool.even(5, 4).rate(50);
    PoolBaseline b = warm(pool, 20);
    pool.rate(0).noServer(500);
    assertThat(analyzer.analyze(pool.next(), b).findings())
        .extracting(Finding::kind)
        .containsExactly(AnomalyKind.ERROR_SPIKE);
  }
}
