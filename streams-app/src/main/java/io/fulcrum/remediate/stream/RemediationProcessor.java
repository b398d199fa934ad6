package io.fulcrum.remediate.stream;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.internal.RemediationState;
import io.fulcrum.remediate.PoolState;
import io.fulcrum.remediate.RemediationOutput;
import io.fulcrum.remediate.RemediationOutput.Suppression;
import io.fulcrum.remediate.RemediationPolicy;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs {@link RemediationPolicy} per pool over window verdicts, actuator results and approval
 * decisions. The policy's state, the command and the incident are written in one exactly-once
 * transaction, and the command id is derived from the incident, so a crash and replay re-derive the
 * same outputs and commit them once. Forwards {@link RollbackCommand}s and {@link Incident}s,
 * stamped with the event time they happened at.
 */
public final class RemediationProcessor
    implements Processor<String, RemediationInput, String, SpecificRecord> {
  public static final String STATE = "remediation-state";
  private final RemediationPolicy policy;
  private final RemediationCounter counter;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, RemediationState> store;

  public RemediationProcessor(RemediationPolicy policy, RemediationCounter counter) {
    this.policy = policy;
    this.counter = counter;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.store = context.getStateStore(STATE);
  }

  @Override
  public void process(Record<String, RemediationInput> record) {
    RemediationInput in = record.value();
    String pool =
        record.key(); // verdicts, results and approvals are all keyed by their pool upstream
    if (pool == null) {
      return;
    }
    RemediationState stored = store.get(pool);
    PoolState st = stored == null ? PoolState.empty(pool) : PoolState.fromAvro(stored);
    if (in.forgotten()) {
      // Silent for fulcrum.pool.forget-after: its history has nothing left to guard.
      policy
          .onForgotten(st, record.timestamp())
          .incident()
          .ifPresent(
              i ->
                  context.forward(
                      new Record<>(pool, i, i.getUpdatedAt().toEpochMilli(), record.headers())));
      store.delete(pool);
      return;
    }
    Optional<IncidentState> before = st.openIncident().map(Incident::getState);
    RemediationOutput out =
        in.verdict() != null
            ? policy.onWindow(st, in.verdict())
            : in.approval() != null
                ? policy.onApproval(st, in.approval())
                : policy.onResult(st, in.result());
    store.put(pool, st.toAvro());

    out.suppressedBy().ifPresent(counter::suppressed);
    out.command()
        .ifPresent(
            c -> {
              counter.rollbackIssued(
                  c,
                  out.incident()
                      .map(i -> i.getOnsetAt().toEpochMilli())
                      .orElse(c.getIssuedAt().toEpochMilli()));
              context.forward(
                  new Record<>(pool, c, c.getIssuedAt().toEpochMilli(), record.headers()));
            });
    out.incident()
        .ifPresent(
            i -> {
              if (before.isEmpty() || before.get() != i.getState()) {
                counter.incidentState(i.getState());
              }
              context.forward(
                  new Record<>(pool, i, i.getUpdatedAt().toEpochMilli(), record.headers()));
            });
  }

  /** Metrics hook. */
  public interface RemediationCounter {
    /** An incident entered {@code state}. */
    void incidentState(IncidentState state);

    /** A command was issued {@code onsetAt}..issuedAt after its incident's onset (event time). */
    void rollbackIssued(RollbackCommand command, long onsetAt);

    void suppressed(Suppression guard);

    RemediationCounter NONE =
        new RemediationCounter() {
          @Override
          public void incidentState(IncidentState state) {}

          @Override
          public void rollbackIssued(RollbackCommand command, long onsetAt) {}

          @Override
          public void suppressed(Suppression guard) {}
        };
  }
}
