package io.fulcrum.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.anomaly.PoolDetectorProcessor;
import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyKind;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.Evidence;
import io.fulcrum.avro.ExpectedSource;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.Severity;
import io.fulcrum.detect.Analysis;
import io.fulcrum.detect.DetectionSettings;
import io.fulcrum.detect.PoolAnalyzer;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.distribution.ClosedWindow;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecentRecordersTest {
  private static final long T0 = 1_700_000_000_000L;
  private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
  private KeyValueStore<String, WindowView> windows;
  private KeyValueStore<String, AnomalyView> anomalies;
  private KeyValueStore<String, IncidentView> incidents;
  private final RecentWindowsRecorder windowRecorder =
      new RecentWindowsRecorder(new PoolAnalyzer(DetectionSettings.defaults()), true);
  private final RecentEventsRecorder<AnomalyEvent, AnomalyView> anomalyRecorder = RecentEventsRecorder.anomalies();
  private final RecentEventsRecorder<Incident, IncidentView> incidentRecorder = RecentEventsRecorder.incidents();

  @BeforeEach
  void stores() {
    windows = store(RecentStores.WINDOWS, new JsonSerde<>(WindowView.class));
    anomalies = store(RecentStores.ANOMALIES, new JsonSerde<>(AnomalyView.class));
    incidents = store(RecentStores.INCIDENTS, new JsonSerde<>(IncidentView.class));
    store(PoolDetectorProcessor.BASELINES, Serdes.ByteArray());
    windowRecorder.init(context);
    anomalyRecorder.init(context);
    incidentRecorder.init(context);
  }

  @Test
  void keepsEachPoolsLastWindowsOldestFirstWithSharesAgainstExpected() {
    for (int n = 0; n < RecentStores.MAX_WINDOWS + 5; n++) {
      windowRecorder.process(new Record<>("web", verdict("web", n), T0));
    }
    windowRecorder.process(new Record<>("api", verdict("api", 0), T0));

    List<WindowView> web = RecentStores.ofPool(windows, "web");
    assertThat(web).hasSize(RecentStores.MAX_WINDOWS);
    assertThat(web.get(0).windowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 5 * 10_000).toString());
    assertThat(web.get(web.size() - 1).windowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 364 * 10_000).toString());
    assertThat(web.get(0).servers()).extracting(Views.ServerView::server, Views.ServerView::share,
            Views.ServerView::expectedShare)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("web-1", 0.75, 0.5),
            org.assertj.core.groups.Tuple.tuple("web-2", 0.25, 0.5));
    assertThat(RecentStores.ofPool(windows, "api")).hasSize(1);
  }

  @Test
  void anAnomalysLaterEventsOverwriteItsEntry() {
    anomalyRecorder.process(new Record<>("web", anomaly("web", "a1", AnomalyStatus.STARTED), T0));
    anomalyRecorder.process(new Record<>("web", anomaly("web", "a1", AnomalyStatus.CLEARED), T0));
    assertThat(RecentStores.ofPool(anomalies, "web")).extracting(AnomalyView::status).containsExactly("CLEARED");
  }

  @Test
  void keepsTheLatestSnapshotOfEachIncidentAndOnlyTheNewestOnes() {
    incidentRecorder.process(new Record<>("web", incident("web", 0, IncidentState.OPEN), T0));
    incidentRecorder.process(new Record<>("web", incident("web", 0, IncidentState.ROLLBACK_ISSUED), T0));
    assertThat(RecentStores.ofPool(incidents, "web")).extracting(IncidentView::state).containsExactly("ROLLBACK_ISSUED");

    for (int n = 1; n <= RecentStores.MAX_INCIDENTS; n++) {
      incidentRecorder.process(new Record<>("web", incident("web", n, IncidentState.RESOLVED), T0));
    }
    List<IncidentView> kept = RecentStores.ofPool(incidents, "web");
    assertThat(kept).hasSize(RecentStores.MAX_INCIDENTS);
    assertThat(kept.get(0).incidentId()).isEqualTo(id("web", 1));
  }

  @Test
  void aForgottenPoolLeavesEveryRecentStoreAndOthersStay() {
    for (String pool : List.of("web", "api")) {
      windowRecorder.process(new Record<>(pool, verdict(pool, 0), T0));
      anomalyRecorder.process(new Record<>(pool, anomaly(pool, "a-" + pool, AnomalyStatus.STARTED), T0));
      incidentRecorder.process(new Record<>(pool, incident(pool, 0, IncidentState.OPEN), T0));
    }
    windowRecorder.process(new Record<>("web", null, T0));

    assertThat(RecentStores.ofPool(windows, "web")).isEmpty();
    assertThat(RecentStores.ofPool(anomalies, "web")).isEmpty();
    assertThat(RecentStores.ofPool(incidents, "web")).isEmpty();
    assertThat(RecentStores.ofPool(windows, "api")).hasSize(1);
    assertThat(RecentStores.ofPool(anomalies, "api")).hasSize(1);
    assertThat(RecentStores.ofPool(incidents, "api")).hasSize(1);
  }

  private <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
    KeyValueStore<String, V> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
        .withLoggingDisabled().build();
    s.init(context.getStateStoreContext(), s);
    context.addStateStore(s);
    return s;
  }

  private static WindowVerdict verdict(String pool, int n) {
    long start = T0 + n * 10_000L;
    PoolObservation obs = new PoolObservation(pool, start, start + 10_000,
        List.of(ServerObservation.of("web-1", 75, 0), ServerObservation.of("web-2", 25, 0)), 0, null);
    ClosedWindow w = new ClosedWindow(obs, start + 12_000, new ConfigTimeline(null));
    return new WindowVerdict(w, new Analysis(List.of(), Map.of("web-1", 0.5, "web-2", 0.5),
        io.fulcrum.detect.ExpectedSource.DECLARED, true), 3);
  }

  private static String id(String pool, int n) {
    return pool + "@" + Instant.ofEpochMilli(T0 + n * 60_000L);
  }

  private static Incident incident(String pool, int n, IncidentState state) {
    Instant onset = Instant.ofEpochMilli(T0 + n * 60_000L);
    return Incident.newBuilder().setIncidentId(id(pool, n)).setPool(pool).setState(state).setSummary("s")
        .setOnsetAt(onset).setUpdatedAt(onset.plusSeconds(state.ordinal())).build();
  }

  private static AnomalyEvent anomaly(String pool, String id, AnomalyStatus status) {
    Instant t = Instant.ofEpochMilli(T0);
    return AnomalyEvent.newBuilder().setId(id).setKind(AnomalyKind.IMBALANCE).setStatus(status)
        .setSeverity(Severity.CRITICAL).setPool(pool).setWindowStart(t).setWindowEnd(t.plusSeconds(10)).setOnset(t)
        .setDetectedAt(t.plusSeconds(12)).setSummary("web-1 got 100%")
        .setEvidence(Evidence.newBuilder().setTest("G-test").setStatistic(1).setPValue(1e-9).setEffectSize(0.5)
            .setEffectMeasure("tvd").setExpectedSource(ExpectedSource.DECLARED).build())
        .build();
  }
}
