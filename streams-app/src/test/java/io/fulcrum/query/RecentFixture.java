package io.fulcrum.query;

import io.fulcrum.anomaly.PoolDetectorProcessor;
import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.app.InternalSerde;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyKind;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.Evidence;
import io.fulcrum.avro.ExpectedSource;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.Severity;
import io.fulcrum.avro.internal.ConfigHistory;
import io.fulcrum.detect.Analysis;
import io.fulcrum.detect.DetectionSettings;
import io.fulcrum.detect.PoolAnalyzer;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.distribution.ClosedWindow;
import io.fulcrum.distribution.ConfigHistoryUpdater;
import io.fulcrum.distribution.ConfigTimeline;
import io.fulcrum.query.Views.AnomalyView;
import io.fulcrum.query.Views.IncidentView;
import io.fulcrum.query.Views.WindowView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The recent-* stores on a mock context, their recorders, and windows, anomalies and incidents to
 * feed them.
 */
final class RecentFixture {
  static final long T0 = 1_700_000_000_000L;
  final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
  final KeyValueStore<String, WindowView> windows =
      store(RecentStores.WINDOWS, new JsonSerde<>(WindowView.class));
  final KeyValueStore<String, AnomalyView> anomalies =
      store(RecentStores.ANOMALIES, new JsonSerde<>(AnomalyView.class));
  final KeyValueStore<String, IncidentView> incidents =
      store(RecentStores.INCIDENTS, new JsonSerde<>(IncidentView.class));
  final KeyValueStore<String, ConfigHistory> configs =
      store(ConfigHistoryUpdater.STORE, new InternalSerde<>(ConfigHistory.class));
  final RecentWindowsRecorder windowRecorder;
  final RecentEventsRecorder<AnomalyEvent, AnomalyView> anomalyRecorder =
      RecentEventsRecorder.anomalies();
  final RecentEventsRecorder<Incident, IncidentView> incidentRecorder =
      RecentEventsRecorder.incidents();

  RecentFixture() {
    this(RecentStores.DEFAULT_WINDOWS_KEPT);
  }

  RecentFixture(int windowsKept) {
    windowRecorder =
        new RecentWindowsRecorder(
            new PoolAnalyzer(DetectionSettings.defaults()), true, windowsKept);
    store(PoolDetectorProcessor.BASELINES, Serdes.ByteArray());
    windowRecorder.init(context);
    anomalyRecorder.init(context);
    incidentRecorder.init(context);
  }

  void window(String pool, int n) {
    windowRecorder.process(new Record<>(pool, verdict(pool, n), T0));
  }

  void forget(String pool) {
    windowRecorder.process(new Record<>(pool, null, T0));
  }

  void anomaly(String pool, String id, AnomalyStatus status) {
    anomalyRecorder.process(new Record<>(pool, anomalyEvent(pool, id, status), T0));
  }

  void incident(String pool, int n, IncidentState state) {
    incidentRecorder.process(new Record<>(pool, incidentSnapshot(pool, n, state), T0));
  }

  /**
   * A config version of {@code pool} deployed {@code secondsAfterT0} after T0, as the global store
   * keeps it.
   */
  void deploy(String pool, String version, int secondsAfterT0) {
    LbConfigChange c =
        LbConfigChange.newBuilder()
            .setPool(pool)
            .setVersion(version)
            .setAuthor("alice")
            .setDescription("web-2 drained")
            .setTimestamp(Instant.ofEpochMilli(T0 + secondsAfterT0 * 1000L))
            .build();
    configs.put(pool, ConfigTimeline.append(configs.get(pool), c));
  }

  /** The stores as the query API's reader sees them. */
  LocalReader reader() {
    Map<String, Object> byName =
        Map.of(
            RecentStores.WINDOWS,
            windows,
            RecentStores.ANOMALIES,
            anomalies,
            RecentStores.INCIDENTS,
            incidents,
            ConfigHistoryUpdater.STORE,
            configs);
    return new LocalReader(
        new LocalReader.Stores() {
          @Override
          @SuppressWarnings("unchecked")
          public <V> org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, V> store(
              String name) {
            return (org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, V>)
                byName.get(name);
          }

          @Override
          public <V> org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, V> store(
              String name, int partition) {
            return store(name); // one partition here
          }
        },
        true);
  }

  private <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
    KeyValueStore<String, V> s =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
            .withLoggingDisabled()
            .build();
    s.init(context.getStateStoreContext(), s);
    context.addStateStore(s);
    return s;
  }

  static WindowVerdict verdict(String pool, int n) {
    long start = T0 + n * 10_000L;
    PoolObservation obs =
        new PoolObservation(
            pool,
            start,
            start + 10_000,
            List.of(ServerObservation.of("web-1", 75, 0), ServerObservation.of("web-2", 25, 0)),
            0,
            null);
    ClosedWindow w = new ClosedWindow(obs, start + 12_000, new ConfigTimeline(null));
    return new WindowVerdict(
        w,
        new Analysis(
            List.of(),
            Map.of("web-1", 0.5, "web-2", 0.5),
            io.fulcrum.detect.ExpectedSource.DECLARED,
            true),
        3);
  }

  static String id(String pool, int n) {
    return pool + "@" + Instant.ofEpochMilli(T0 + n * 60_000L);
  }

  static Incident incidentSnapshot(String pool, int n, IncidentState state) {
    Instant onset = Instant.ofEpochMilli(T0 + n * 60_000L);
    return Incident.newBuilder()
        .setIncidentId(id(pool, n))
        .setPool(pool)
        .setState(state)
        .setSummary("s")
        .setOnsetAt(onset)
        .setUpdatedAt(onset.plusSeconds(state.ordinal()))
        .build();
  }

  static AnomalyEvent anomalyEvent(String pool, String id, AnomalyStatus status) {
    Instant t = Instant.ofEpochMilli(T0);
    return AnomalyEvent.newBuilder()
        .setId(id)
        .setKind(AnomalyKind.IMBALANCE)
        .setStatus(status)
        .setSeverity(Severity.CRITICAL)
        .setPool(pool)
        .setWindowStart(t)
        .setWindowEnd(t.plusSeconds(10))
        .setOnset(t)
        .setDetectedAt(t.plusSeconds(12))
        .setSummary("web-1 got 100%")
        .setEvidence(
            status == AnomalyStatus.CLEARED // as AnomalyEvents writes a clearance: no statistics
                ? Evidence.newBuilder()
                    .setTest("none")
                    .setStatistic(0)
                    .setPValue(1)
                    .setEffectSize(0)
                    .setEffectMeasure("none")
                    .setExpectedSource(ExpectedSource.DECLARED)
                    .build()
                : Evidence.newBuilder()
                    .setTest("G-test")
                    .setStatistic(1)
                    .setPValue(1e-9)
                    .setEffectSize(0.5)
                    .setEffectMeasure("tvd")
                    .setExpectedSource(ExpectedSource.DECLARED)
                    .build())
        .build();
  }
}
