package io.fulcrum.anomaly;

import static io.fulcrum.anomaly.AnomalyFixture.POOL;
import static io.fulcrum.anomaly.AnomalyFixture.closedWindow;
import static io.fulcrum.anomaly.AnomalyFixture.timeline;
import static io.fulcrum.anomaly.AnomalyFixture.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fulcrum.detect.AnomalyKind;
import io.fulcrum.detect.ExpectedSource;
import io.fulcrum.detect.Finding;
import io.fulcrum.detect.PoolAnalyzer;
import io.fulcrum.detect.PoolBaseline;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.detect.Severity;
import io.fulcrum.distribution.ClosedWindow;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PoolDetectorProcessorTest {
  private final PoolAnalyzer analyzer = new PoolAnalyzer();
  private final int warm = analyzer.settings().baseline().warmWindows();
  private MockProcessorContext<String, WindowVerdict> context;
  private KeyValueStore<String, byte[]> baselines;
  private PoolDetectorProcessor processor;

  @BeforeEach
  void setUp() {
    context = new MockProcessorContext<>();
    baselines = AnomalyFixture.baselinesStore(context);
    processor = new PoolDetectorProcessor(analyzer);
    processor.init(context);
  }

  @Test
  void baselineIsStoredAfterEveryWindowAndWarmsUpOnHealthyWindows() {
    assertThat(baselines.get(POOL)).isNull();
    for (int n = 0; n < warm + 2; n++) {
      ClosedWindow w = even(n);
      WindowVerdict v = process(w);

      assertThat(v.window()).isSameAs(w);
      assertThat(v.analysis().findings()).isEmpty();
      assertThat(v.analysis().healthy()).isTrue();
      assertThat(v.baselineWindows()).isEqualTo(n + 1);
      assertThat(v.analysis().expectedSource())
          .as("window %d", n)
          .isEqualTo(n < warm ? ExpectedSource.NONE : ExpectedSource.BASELINE);
      PoolBaseline stored = storedBaseline(POOL);
      assertThat(stored.healthyWindows()).isEqualTo(n + 1);
      assertThat(stored.isWarm()).isEqualTo(n + 1 >= warm);
    }
    assertThat(storedBaseline(POOL).share("web-1")).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void allTrafficOnOneServerAfterAWarmBaselineYieldsAnImbalanceFindingAndIsNotLearned() {
    int healthy = warm + 2;
    for (int n = 0; n < healthy; n++) {
      process(even(n));
    }

    ClosedWindow lopsided =
        closedWindow(healthy, timeline(), "web-1", 400, "web-2", 0, "web-3", 0, "web-4", 0);
    WindowVerdict v = process(lopsided);

    assertThat(v.analysis().expectedSource()).isEqualTo(ExpectedSource.BASELINE);
    assertThat(v.analysis().healthy()).isFalse();
    assertThat(v.analysis().expectedShares()).containsOnlyKeys("web-1", "web-2", "web-3", "web-4");
    List<Finding> imbalance =
        v.analysis().findings().stream().filter(f -> f.kind() == AnomalyKind.IMBALANCE).toList();
    assertThat(imbalance)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(f.headline()).contains("web-1");
            });
    assertThat(v.baselineWindows()).isEqualTo(healthy);
    PoolBaseline stored = storedBaseline(POOL);
    assertThat(stored.healthyWindows()).as("an anomalous window is not learned").isEqualTo(healthy);
    assertThat(stored.share("web-1")).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void baselinesAreKeptPerPool() {
    for (int n = 0; n < 3; n++) {
      process(even(n));
    }
    PoolObservation other =
        new PoolObservation(
            "api",
            window(0),
            window(1),
            List.of(ServerObservation.of("api-1", 50, 0), ServerObservation.of("api-2", 50, 0)),
            0,
            null);
    processor.process(
        new Record<>(
            "api", new ClosedWindow(other, window(1) + 2_000, timeline()), window(1) + 2_000));

    assertThat(storedBaseline(POOL).healthyWindows()).isEqualTo(3);
    assertThat(storedBaseline("api").healthyWindows()).isEqualTo(1);
    assertThat(storedBaseline("api").servers()).containsExactly("api-1", "api-2");
  }

  @Test
  void restartedProcessorContinuesFromTheStoredBaseline() {
    for (int n = 0; n < 3; n++) {
      process(even(n));
    }
    processor = new PoolDetectorProcessor(analyzer);
    context = new MockProcessorContext<>();
    context.addStateStore(baselines);
    processor.init(context);

    assertThat(process(even(3)).baselineWindows()).isEqualTo(4);
  }

  // ---- helpers

  private static ClosedWindow even(int n) {
    return closedWindow(n, timeline(), "web-1", 100, "web-2", 100, "web-3", 100, "web-4", 100);
  }

  private WindowVerdict process(ClosedWindow w) {
    long ts = w.closedAt();
    processor.process(new Record<>(POOL, w, ts));
    assertThat(context.forwarded()).hasSize(1);
    Record<? extends String, ? extends WindowVerdict> out = context.forwarded().get(0).record();
    context.resetForwards();
    assertThat(out.key()).isEqualTo(POOL);
    assertThat(out.timestamp()).isEqualTo(ts);
    return out.value();
  }

  private PoolBaseline storedBaseline(String pool) {
    byte[] bytes = baselines.get(pool);
    assertThat(bytes).as("stored baseline of %s", pool).isNotNull();
    return analyzer.baselineFromBytes(bytes);
  }
}
