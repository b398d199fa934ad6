package io.fulcrum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.anomaly.AnomalyTrackerProcessor;
import io.fulcrum.anomaly.PoolDetectorProcessor;
import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.distribution.PoolWindowAssembler;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.remediate.stream.RemediationProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Pools come and go. One that has been silent for {@code fulcrum.pool.forget-after} is forgotten by
 * every step: its membership, baseline, anomaly trackers and remediation state all leave the
 * stores, so state stays bounded under churn.
 */
class ForgottenPoolsTest {
  private static final long T0 = 1_780_000_000_000L;

  @Test
  void aPoolSilentForTheForgetTimeLeavesEveryStore() {
    FulcrumSettings s = FulcrumSettings.defaultsWith(Map.of("fulcrum.pool.forget-after", "2m"));
    try (FastReplay replay = new FastReplay(s)) {
      List<io.fulcrum.avro.Incident> incidents = new ArrayList<>();
      feed(replay, List.of("gone", "stays"), T0, T0 + 120_000);
      Map<String, StateStore> stores = replay.driver().stateStores();
      assertThat(keys(stores, PoolDetectorProcessor.BASELINES)).contains("gone", "stays");
      assertThat(keys(stores, RemediationProcessor.STATE)).contains("gone", "stays");

      feed(replay, List.of("stays"), T0 + 120_000, T0 + 400_000);
      incidents.addAll(replay.driver().incidents());
      // Its silence was an anomaly and opened an incident; forgetting the pool closes it, so its
      // alert ends.
      assertThat(incidents.stream().filter(i -> i.getPool().equals("gone")).reduce((a, b) -> b))
          .hasValueSatisfying(i -> assertThat(i.getRecoveredAt()).isNotNull());

      for (String store :
          List.of(
              PoolWindowAssembler.MEMBERSHIP,
              PoolDetectorProcessor.BASELINES,
              AnomalyTrackerProcessor.TRACKERS,
              RemediationProcessor.STATE)) {
        assertThat(keys(stores, store)).as(store).doesNotContain("gone");
      }
      assertThat(keys(stores, PoolDetectorProcessor.BASELINES)).contains("stays");
    }
  }

  private static void feed(FastReplay replay, List<String> pools, long from, long to) {
    for (long t = from; t < to; t += 50) {
      for (String pool : pools) {
        replay.request(new ParsedRequest(t, pool, pool + "-" + (t / 50 % 4), 200, 20, 100, null));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> keys(Map<String, StateStore> stores, String name) {
    List<String> out = new ArrayList<>();
    try (KeyValueIterator<String, Object> it =
        ((KeyValueStore<String, Object>) stores.get(name)).all()) {
      it.forEachRemaining((KeyValue<String, Object> kv) -> out.add(kv.key));
    }
    return out;
  }
}
