package io.fulcrum.anomaly;

import io.fulcrum.app.InternalSerde;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.internal.AnomalyTrackers;
import io.fulcrum.avro.internal.ConfigHistory;
import io.fulcrum.detect.Analysis;
import io.fulcrum.detect.AnomalyKind;
import io.fulcrum.detect.ExpectedSource;
import io.fulcrum.detect.Finding;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerEvidence;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.detect.Severity;
import io.fulcrum.distribution.ClosedWindow;
import io.fulcrum.distribution.ConfigTimeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Stores, windows, findings and verdicts for the anomaly processors' tests. */
final class AnomalyFixture {
  /** A window boundary (multiple of 10 s). */
  static final long T0 = 1_700_000_000_000L;

  static final long WINDOW_MS = 10_000;
  static final long GRACE_MS = 2_000;
  static final String POOL = "web";

  private AnomalyFixture() {}

  static long window(int n) {
    return T0 + n * WINDOW_MS;
  }

  static KeyValueStore<String, AnomalyTrackers> trackersStore(MockProcessorContext<?, ?> context) {
    KeyValueStore<String, AnomalyTrackers> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(AnomalyTrackerProcessor.TRACKERS),
                Serdes.String(),
                new InternalSerde<>(AnomalyTrackers.class))
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  static KeyValueStore<String, byte[]> baselinesStore(MockProcessorContext<?, ?> context) {
    KeyValueStore<String, byte[]> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PoolDetectorProcessor.BASELINES),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  /**
   * A config history built with {@link ConfigTimeline#append}, from (version, deployedAt) pairs.
   */
  static ConfigTimeline timeline(Object... versionAndTime) {
    ConfigHistory h = null;
    for (int i = 0; i < versionAndTime.length; i += 2) {
      LbConfigChange change =
          LbConfigChange.newBuilder()
              .setPool(POOL)
              .setVersion((String) versionAndTime[i])
              .setTimestamp(Instant.ofEpochMilli((Long) versionAndTime[i + 1]))
              .setAuthor("alice")
              .setDescription("deploy " + versionAndTime[i])
              .build();
      h = ConfigTimeline.append(h, change);
    }
    return new ConfigTimeline(h);
  }

  /**
   * Window {@code n} of {@link #POOL}, closed at end + grace, with the given server counts (name,
   * count, ...).
   */
  static ClosedWindow closedWindow(int n, ConfigTimeline config, Object... serverAndCount) {
    List<ServerObservation> servers = new ArrayList<>();
    for (int i = 0; i < serverAndCount.length; i += 2) {
      servers.add(
          ServerObservation.of(
              (String) serverAndCount[i], ((Number) serverAndCount[i + 1]).longValue(), 0));
    }
    PoolObservation obs = new PoolObservation(POOL, window(n), window(n + 1), servers, 0, null);
    return new ClosedWindow(obs, window(n + 1) + GRACE_MS, config);
  }

  static ClosedWindow closedWindow(int n, ConfigTimeline config) {
    return closedWindow(n, config, "web-1", 100, "web-2", 0);
  }

  static Finding finding(AnomalyKind kind, Severity severity, String server) {
    return new Finding(
        kind,
        severity,
        server,
        "G-test",
        321.5,
        1,
        1e-12,
        0.5,
        "total variation distance",
        List.of(
            new ServerEvidence("web-1", 100, 50, 1.0, 0.5, 0, 0, 12, 11),
            new ServerEvidence("web-2", 0, 50, 0.0, 0.5, 0, 0, 0, 11)),
        server + " got 100% of traffic (expected 50%)");
  }

  static Finding imbalance(Severity severity) {
    return finding(AnomalyKind.IMBALANCE, severity, "web-1");
  }

  static WindowVerdict verdict(ClosedWindow window, Finding... findings) {
    List<Finding> list = Arrays.asList(findings);
    return new WindowVerdict(
        window,
        new Analysis(
            list, Map.of("web-1", 0.5, "web-2", 0.5), ExpectedSource.DECLARED, list.isEmpty()),
        12);
  }
}
