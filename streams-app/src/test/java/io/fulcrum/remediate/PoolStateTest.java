package io.fulcrum.remediate;

import static io.fulcrum.remediate.RemediationFixture.MINUTE;
import static io.fulcrum.remediate.RemediationFixture.POOL;
import static io.fulcrum.remediate.RemediationFixture.T0;
import static io.fulcrum.remediate.RemediationFixture.anomalous;
import static io.fulcrum.remediate.RemediationFixture.applied;
import static io.fulcrum.remediate.RemediationFixture.healthy;
import static io.fulcrum.remediate.RemediationFixture.settings;
import static io.fulcrum.remediate.RemediationFixture.timeline;
import static io.fulcrum.remediate.RemediationFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.InternalSerde;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.internal.RemediationState;
import io.fulcrum.distribution.ConfigTimeline;
import org.junit.jupiter.api.Test;

class PoolStateTest {
  private static final ConfigTimeline V41_V42 =
      timeline("v41", T0 - 60 * MINUTE, "v42", window(12));
  private final InternalSerde<RemediationState> serde = new InternalSerde<>(RemediationState.class);

  private PoolState roundTrip(PoolState st) {
    byte[] bytes = serde.serializer().serialize("store", st.toAvro());
    return PoolState.fromAvro(serde.deserializer().deserialize("store", bytes));
  }

  @Test
  void anEmptyStateRoundTripsThroughItsStoreFormat() {
    PoolState st = PoolState.empty(POOL);

    assertThat(roundTrip(st).toAvro()).isEqualTo(st.toAvro());
  }

  @Test
  void aStateWithAnOpenIncidentRoundTripsThroughItsStoreFormat() {
    RemediationPolicy policy = new RemediationPolicy(settings());
    PoolState st = PoolState.empty(POOL);
    for (int n = 0; n < 12; n++) {
      policy.onWindow(st, healthy(n, V41_V42));
    }
    policy.onWindow(st, anomalous(12, V41_V42));
    RollbackCommand c = policy.onWindow(st, anomalous(13, V41_V42)).command().orElseThrow();
    Incident published = policy.onResult(st, applied(c)).incident().orElseThrow();

    PoolState back = roundTrip(st);

    assertThat(back.toAvro()).isEqualTo(st.toAvro());
    assertThat(back.openIncident()).contains(published);
    assertThat(back.versions().get("v41").orElseThrow().getHealthyWindows()).isEqualTo(12);
    assertThat(back.versions().get("v42").orElseThrow().getImplicated()).isTrue();
  }

  @Test
  void aRestoredStateContinuesExactlyLikeTheOriginal() {
    RemediationPolicy policy = new RemediationPolicy(settings());
    PoolState st = PoolState.empty(POOL);
    for (int n = 0; n < 12; n++) {
      policy.onWindow(st, healthy(n, V41_V42));
    }
    policy.onWindow(st, anomalous(12, V41_V42));
    PoolState restored = roundTrip(st);

    RemediationOutput original = policy.onWindow(st, anomalous(13, V41_V42));
    RemediationOutput afterRestart = policy.onWindow(restored, anomalous(13, V41_V42));

    assertThat(afterRestart).isEqualTo(original);
  }

  @Test
  void thePublishedIncidentIsACopyThatLaterStepsDoNotChange() {
    RemediationPolicy policy = new RemediationPolicy(settings());
    PoolState st = PoolState.empty(POOL);
    for (int n = 0; n < 12; n++) {
      policy.onWindow(st, healthy(n, V41_V42));
    }
    policy.onWindow(st, anomalous(12, V41_V42));
    RemediationOutput out = policy.onWindow(st, anomalous(13, V41_V42));
    Incident issued = out.incident().orElseThrow();
    int entries = issued.getTimeline().size();

    policy.onResult(st, applied(out.command().orElseThrow()));

    assertThat(issued.getTimeline()).hasSize(entries);
  }
}
