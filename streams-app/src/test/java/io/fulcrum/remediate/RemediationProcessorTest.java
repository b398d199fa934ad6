package io.fulcrum.remediate;

import static io.fulcrum.remediate.RemediationFixture.MINUTE;
import static io.fulcrum.remediate.RemediationFixture.POOL;
import static io.fulcrum.remediate.RemediationFixture.T0;
import static io.fulcrum.remediate.RemediationFixture.anomalous;
import static io.fulcrum.remediate.RemediationFixture.applied;
import static io.fulcrum.remediate.RemediationFixture.healthy;
import static io.fulcrum.remediate.RemediationFixture.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.app.InternalSerde;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.internal.RemediationState;
import io.fulcrum.distribution.ConfigTimeline;
import io.fulcrum.remediate.RemediationOutput.Suppression;
import io.fulcrum.remediate.stream.RemediationInput;
import io.fulcrum.remediate.stream.RemediationProcessor;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The processor around the policy: state in the store, outputs stamped in event time, metrics,
 * restarts.
 */
class RemediationProcessorTest {
  private final ConfigTimeline config = timeline("v41", T0 - 60 * MINUTE, "v42", T0 + 2 * MINUTE);
  private final List<String> counted = new ArrayList<>();
  private MockProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, RemediationState> store;

  @BeforeEach
  void setUp() {
    context = new MockProcessorContext<>();
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RemediationProcessor.STATE),
                Serdes.String(),
                new InternalSerde<>(RemediationState.class))
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  private RemediationProcessor start() {
    RemediationProcessor p =
        new RemediationProcessor(new RemediationPolicy(RemediationFixture.settings()), counter());
    p.init(context);
    return p;
  }

  private static void feed(RemediationProcessor p, WindowVerdict v) {
    p.process(new Record<>(POOL, RemediationInput.of(v), v.window().closedAt()));
  }

  @Test
  void issuesOneSignedCommandStampedAtItsIssueTimeAndKeepsStateInTheStore() {
    RemediationProcessor p = start();
    for (int n = 0; n < 12; n++) {
      feed(p, healthy(n, config));
    }
    feed(p, anomalous(12, config));
    assertThat(context.forwarded()).as("one anomalous window is not yet an incident").isEmpty();
    feed(p, anomalous(13, config));

    List<CapturedForward<? extends String, ? extends SpecificRecord>> out = context.forwarded();
    assertThat(out).hasSize(2);
    RollbackCommand c = (RollbackCommand) out.get(0).record().value();
    assertThat(c.getToVersion()).isEqualTo("v41");
    assertThat(out.get(0).record().key()).isEqualTo(POOL);
    assertThat(out.get(0).record().timestamp()).isEqualTo(c.getIssuedAt().toEpochMilli());
    Incident inc = (Incident) out.get(1).record().value();
    assertThat(inc.getState()).isEqualTo(IncidentState.ROLLBACK_ISSUED);
    assertThat(PoolState.fromAvro(store.get(POOL)).openIncident()).isPresent();
    assertThat(counted).containsExactly("rollback:v42->v41", "state:ROLLBACK_ISSUED");
  }

  @Test
  void aRestartedProcessorReplayingTheSameWindowsForwardsNothingNew() {
    RemediationProcessor p = start();
    for (int n = 0; n < 12; n++) {
      feed(p, healthy(n, config));
    }
    feed(p, anomalous(12, config));
    feed(p, anomalous(13, config));
    RollbackCommand c = (RollbackCommand) context.forwarded().get(0).record().value();
    context.resetForwards();

    RemediationProcessor restarted =
        start(); // same store, as after a crash with the state restored
    feed(restarted, anomalous(12, config));
    feed(restarted, anomalous(13, config));
    assertThat(context.forwarded()).isEmpty();

    restarted.process(
        new Record<>(POOL, RemediationInput.of(applied(c)), c.getIssuedAt().toEpochMilli() + 900));
    restarted.process(
        new Record<>(POOL, RemediationInput.of(applied(c)), c.getIssuedAt().toEpochMilli() + 900));
    assertThat(context.forwarded())
        .as("the duplicate result changes nothing")
        .hasSize(1)
        .allSatisfy(
            f ->
                assertThat(((Incident) f.record().value()).getState())
                    .isEqualTo(IncidentState.VERIFYING));
  }

  @Test
  void countsSuppressedRollbacks() {
    RemediationProcessor p =
        new RemediationProcessor(
            new RemediationPolicy(RemediationFixture.settings().withKillSwitch(true)), counter());
    p.init(context);
    for (int n = 0; n < 12; n++) {
      feed(p, healthy(n, config));
    }
    feed(p, anomalous(12, config));
    feed(p, anomalous(13, config));
    assertThat(counted).containsExactly("suppressed:KILL_SWITCH", "state:ALERT_ONLY");
    assertThat(context.forwarded())
        .singleElement()
        .satisfies(f -> assertThat(f.record().value()).isInstanceOf(Incident.class));
  }

  private RemediationProcessor.RemediationCounter counter() {
    return new RemediationProcessor.RemediationCounter() {
      @Override
      public void incidentState(IncidentState state) {
        counted.add("state:" + state);
      }

      @Override
      public void rollbackIssued(RollbackCommand command, long onsetAt) {
        counted.add("rollback:" + command.getFromVersion() + "->" + command.getToVersion());
      }

      @Override
      public void suppressed(Suppression guard) {
        counted.add("suppressed:" + guard);
      }
    };
  }
}
