package io.fulcrum.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.internal.ConfigHistory;
import io.fulcrum.detect.AnomalyKind;
import io.fulcrum.detect.PoolAnalyzer;
import io.fulcrum.detect.PoolBaseline;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.detect.sequential.SequentialSettings;
import io.fulcrum.distribution.ClosedWindow;
import io.fulcrum.distribution.ConfigTimeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The fast path over closed slices: a typo fires within seconds of its change and blames it, once;
 * a harmless change never fires; slices long after the change, or of a pool with no change, start
 * no watch.
 */
class FastWatchesTest {
  private static final String POOL = "be_web";
  private static final long T0 = Instant.parse("2026-03-14T09:00:00Z").toEpochMilli();
  private static final long CHANGE_AT = T0 + 600_000;
  private final PoolAnalyzer analyzer = new PoolAnalyzer();
  private final FastWatches watches = new FastWatches(analyzer, SequentialSettings.defaults());

  private PoolBaseline warmEvenBaseline() {
    PoolBaseline b = analyzer.newBaseline();
    for (int w = 0; w < 60; w++) {
      b.learn(observation(T0 + w * 10_000L, 10_000, 250, 250, 250, 250));
    }
    assertThat(b.isWarm()).isTrue();
    return b;
  }

  private static PoolObservation observation(long start, long length, long... counts) {
    List<ServerObservation> servers = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      servers.add(ServerObservation.of("web-" + (i + 1), counts[i], 0));
    }
    return new PoolObservation(POOL, start, start + length, servers, 0, null);
  }

  private static ConfigTimeline changedAt(long at) {
    ConfigHistory h = null;
    h = ConfigTimeline.append(h, change("v41", T0 - 3_600_000));
    return new ConfigTimeline(ConfigTimeline.append(h, change("v42", at)));
  }

  private static LbConfigChange change(String version, long at) {
    return LbConfigChange.newBuilder()
        .setPool(POOL)
        .setVersion(version)
        .setTimestamp(Instant.ofEpochMilli(at))
        .setAuthor("alice")
        .setDescription("deploy " + version)
        .build();
  }

  private static ClosedWindow slice(long start, ConfigTimeline config, long... counts) {
    return new ClosedWindow(observation(start, 1000, counts), start + 1000, config, true);
  }

  @Test
  void allTrafficOnOneServerAfterAChangeFiresWithinSecondsAndBlamesThatChangeOnce() {
    PoolBaseline baseline = warmEvenBaseline();
    ConfigTimeline config = changedAt(CHANGE_AT);
    List<WindowVerdict> alarms = new ArrayList<>();
    for (int s = 0; s < 30; s++) {
      watches
          .slice(slice(CHANGE_AT + s * 1000L, config, 100, 0, 0, 0), baseline)
          .ifPresent(alarms::add);
    }
    assertThat(alarms)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.fast()).isTrue();
              assertThat(v.blamedChange().getVersion()).isEqualTo("v42");
              assertThat(v.window().closedAt())
                  .as("decided on the first slice")
                  .isEqualTo(CHANGE_AT + 1000);
              assertThat(v.analysis().findings())
                  .singleElement()
                  .satisfies(
                      f -> {
                        assertThat(f.kind()).isEqualTo(AnomalyKind.IMBALANCE);
                        assertThat(f.headline())
                            .startsWith("web-1 got 100.0% of 100 requests")
                            .contains("sequential test");
                      });
              assertThat(v.window().observation().servedCount()).isEqualTo(100);
            });
  }

  @Test
  void aHarmlessChangeNeverFiresOverItsWholeWatch() {
    PoolBaseline baseline = warmEvenBaseline();
    ConfigTimeline config = changedAt(CHANGE_AT);
    java.util.Random rnd = new java.util.Random(7);
    for (int s = 0; s < 60; s++) {
      long[] counts = new long[4];
      for (int r = 0; r < 400; r++) {
        counts[rnd.nextInt(4)]++;
      }
      Optional<WindowVerdict> v =
          watches.slice(slice(CHANGE_AT + s * 1000L, config, counts), baseline);
      assertThat(v).as("slice %d", s).isEmpty();
    }
  }

  @Test
  void slicesOnceTheChangeIsNoLongerFreshStartNoWatch() {
    PoolBaseline baseline = warmEvenBaseline();
    ConfigTimeline config = changedAt(CHANGE_AT);
    long stale = CHANGE_AT + SequentialSettings.defaults().freshMs();
    assertThat(watches.slice(slice(stale, config, 100, 0, 0, 0), baseline)).isEmpty();
    assertThat(watches.slice(slice(stale + 1000, config, 100, 0, 0, 0), baseline)).isEmpty();
  }

  @Test
  void aPoolWithNoChangeIsNotWatched() {
    ConfigTimeline none = new ConfigTimeline(null);
    assertThat(watches.slice(slice(CHANGE_AT, none, 100, 0, 0, 0), warmEvenBaseline())).isEmpty();
  }

  @Test
  void aWatchWhoseChangeWentStaleIsDroppedThoughItsPoolSendsNoMoreSlices() {
    PoolBaseline baseline = warmEvenBaseline();
    watches.slice(slice(CHANGE_AT, changedAt(CHANGE_AT), 25, 25, 25, 25), baseline);
    assertThat(watches.watched()).isEqualTo(1);
    long later = CHANGE_AT + 2 * SequentialSettings.defaults().freshMs();
    watches.slice(
        new ClosedWindow(
            new PoolObservation("other", later, later + 1000, List.of(), 0, null),
            later + 1000,
            new ConfigTimeline(null),
            true),
        baseline);
    assertThat(watches.watched()).isZero();
  }
}
