package io.fulcrum.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.window.LatencySketch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolAnalyzerTest {
  private final PoolAnalyzer analyzer = new PoolAnalyzer();

  @Test
  void healthyWindowsAreLearnedAndAnomalousOnesAreNot() {
    SimPool pool = SimPool.even(1, 4).rate(50);
    PoolBaseline b = analyzer.newBaseline();
    Analysis a = analyzer.analyze(pool.next(), b);
    assertThat(a.healthy()).isTrue();
    assertThat(a.expectedSource()).isEqualTo(ExpectedSource.NONE);
    assertThat(a.expectedShares()).isEmpty();
    pool.feed(analyzer, b, 20);
    long learned = b.healthyWindows();
    assertThat(learned).isEqualTo(21);
    pool.shares(1, 0, 0, 0);
    for (int w = 0; w < 10; w++) {
      assertThat(analyzer.analyze(pool.next(), b).healthy()).isFalse();
    }
    assertThat(b.healthyWindows()).isEqualTo(learned);
    assertThat(b.share("web-1")).isCloseTo(0.25, org.assertj.core.api.Assertions.within(0.03));
  }

  @Test
  void quietWindowWithTooFewRequestsIsNotHealthyButTeachesTheRate() {
    PoolBaseline b = analyzer.newBaseline();
    SimPool pool = SimPool.even(2, 4);
    Analysis a = analyzer.analyze(pool.window(12), b);
    assertThat(a.findings()).isEmpty();
    assertThat(a.healthy()).isFalse();
    assertThat(b.healthyWindows()).isZero();
    assertThat(b.requestRate()).isEqualTo(12.0);
  }

  @Test
  void emptyPoolWithoutHistoryHasNoFindings() {
    PoolObservation obs = new PoolObservation("p", 0, 10_000, List.of(), 0, null);
    Analysis a = analyzer.analyze(obs, analyzer.newBaseline());
    assertThat(a.findings()).isEmpty();
    assertThat(a.healthy()).isFalse();
  }

  @Test
  void declaredWeightsWinOverTheBaselineAndIncludeDrainedServers() {
    SimPool pool = SimPool.even(3, 3).rate(50);
    PoolBaseline b = analyzer.newBaseline();
    pool.feed(analyzer, b, 10);
    assertThat(analyzer.evaluate(pool.next(), b).expectedSource())
        .isEqualTo(ExpectedSource.BASELINE);
    pool.declared(Map.of("web-1", 2.0, "web-2", 2.0, "web-3", 0.0));
    Analysis a = analyzer.evaluate(pool.next(), b);
    assertThat(a.expectedSource()).isEqualTo(ExpectedSource.DECLARED);
    assertThat(a.expectedShares())
        .containsExactly(Map.entry("web-1", 0.5), Map.entry("web-2", 0.5), Map.entry("web-3", 0.0));
  }

  @Test
  void allZeroDeclaredWeightsFallBackToTheBaseline() {
    SimPool pool = SimPool.even(4, 2).rate(50);
    PoolBaseline b = analyzer.newBaseline();
    pool.feed(analyzer, b, 10);
    pool.declared(Map.of("web-1", 0.0, "web-2", 0.0));
    assertThat(analyzer.evaluate(pool.next(), b).expectedSource())
        .isEqualTo(ExpectedSource.BASELINE);
  }

  @Test
  void evaluateDoesNotTouchTheBaseline() {
    SimPool pool = SimPool.even(5, 4).rate(50);
    PoolBaseline b = analyzer.newBaseline();
    pool.feed(analyzer, b, 10);
    byte[] before = b.toBytes();
    analyzer.evaluate(pool.next(), b);
    assertThat(b.toBytes()).isEqualTo(before);
  }

  @Test
  void storingTheBaselineAsBytesBetweenWindowsGivesTheSameVerdicts() {
    SimPool direct = SimPool.even(6, 4).rate(40).errorRate(0.01);
    SimPool stored = SimPool.even(6, 4).rate(40).errorRate(0.01);
    PoolBaseline live = analyzer.newBaseline();
    byte[] state = analyzer.newBaseline().toBytes();
    for (int w = 0; w < 120; w++) {
      if (w == 60) {
        direct.shares(1, 0, 0, 0);
        stored.shares(1, 0, 0, 0);
      }
      Analysis a = analyzer.analyze(direct.next(), live);
      PoolBaseline restored = analyzer.baselineFromBytes(state);
      Analysis b = analyzer.analyze(stored.next(), restored);
      state = restored.toBytes();
      assertThat(b.healthy()).isEqualTo(a.healthy());
      assertThat(b.findings())
          .extracting(Finding::kind, Finding::headline)
          .isEqualTo(
              a.findings().stream()
                  .map(f -> org.assertj.core.groups.Tuple.tuple(f.kind(), f.headline()))
                  .toList());
    }
  }

  @Test
  void findingsAreOrderedByKindAndAllPresentAtOnce() {
    SimPool pool = SimPool.even(7, 4).rate(100);
    PoolBaseline b = analyzer.newBaseline();
    pool.feed(analyzer, b, 30);
    pool.shares(1, 0, 0, 0).errorRate(0, 0.6).median(0, 400);
    Analysis a = analyzer.analyze(pool.next(), b);
    assertThat(a.findings())
        .extracting(Finding::kind)
        .containsExactly(AnomalyKind.IMBALANCE, AnomalyKind.ERROR_SPIKE, AnomalyKind.LATENCY);
    assertThat(a.worstSeverity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void randomAndDegenerateWindowsNeverYieldNaNOrThrow() {
    Random rnd = new Random(99);
    for (int round = 0; round < 300; round++) {
      PoolBaseline b = analyzer.newBaseline();
      int servers = rnd.nextInt(7);
      for (int w = 0; w < 40; w++) {
        List<ServerObservation> obs = new ArrayList<>();
        Map<String, Double> declared = rnd.nextInt(3) == 0 ? new HashMap<>() : null;
        for (int s = 0; s < servers; s++) {
          long count = rnd.nextInt(4) == 0 ? 0 : (long) Math.pow(10, rnd.nextDouble() * 4);
          LatencySketch sketch = new LatencySketch();
          if (rnd.nextBoolean()) {
            sketch.record(rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(100_000), count);
          }
          obs.add(
              new ServerObservation(
                  "s" + s, count, rnd.nextInt(3) == 0 ? rnd.nextInt(1000) : 0, sketch));
          if (declared != null) {
            declared.put(
                "s" + rnd.nextInt(servers + 2), rnd.nextInt(3) == 0 ? 0.0 : rnd.nextDouble());
          }
        }
        PoolObservation o =
            new PoolObservation(
                "p", w, w + 1, obs, rnd.nextInt(4) == 0 ? rnd.nextInt(50) : 0, declared);
        for (Finding f : analyzer.analyze(o, b).findings()) {
          assertThat(f.pValue()).isBetween(0.0, 1.0);
          assertThat(f.statistic()).isFinite();
          assertThat(f.effectSize()).isFinite();
          assertThat(f.headline()).isNotBlank().doesNotContain("NaN").doesNotContain("Infinity");
          for (ServerEvidence e : f.evidence()) {
            assertThat(
                    List.of(
                        e.expectedCount(),
                        e.observedShare(),
                        e.expectedShare(),
                        e.errorRate(),
                        e.baselineErrorRate()))
                .allSatisfy(x -> assertThat(x).isFinite());
          }
        }
      }
      assertThat(PoolBaseline.fromBytes(b.toBytes()).toBytes()).isEqualTo(b.toBytes());
    }
  }
}
