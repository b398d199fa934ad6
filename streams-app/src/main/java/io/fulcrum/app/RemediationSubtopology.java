package io.fulcrum.app;

import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.internal.RemediationState;
import io.fulcrum.query.RecentEventsRecorder;
import io.fulcrum.query.RecentStores;
import io.fulcrum.remediate.RemediationPolicy;
import io.fulcrum.remediate.RemediationSettings;
import io.fulcrum.remediate.stream.RemediationInput;
import io.fulcrum.remediate.stream.RemediationProcessor;
import io.fulcrum.serde.FulcrumTopics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The remediation part of {@link FulcrumTopology}: the verdicts, the actuator's results and the
 * operators' approvals meet per pool in the remediation policy, which writes incidents and rollback
 * commands. Split from {@link FulcrumTopology} so that the detection pipeline and what acts on it
 * read apart; {@link FulcrumTopology#build} stays the one entry point.
 */
final class RemediationSubtopology {
  private RemediationSubtopology() {}

  /**
   * Incidents and rollback commands. Actuator results and approval decisions are re-keyed by their
   * pool into repartition topics with as many partitions as {@value
   * FulcrumTopology#PARTIALS_REPARTITION}, so a pool's results, approvals and windows meet in one
   * task: the per-pool state then makes the first approval of a proposal the only one.
   */
  static void add(
      StreamsBuilder builder,
      RemediationSettings rs,
      FulcrumSettings s,
      FulcrumTopics t,
      KStream<String, WindowVerdict> verdicts,
      PipelineMetrics metrics) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(RemediationProcessor.STATE),
            Serdes.String(),
            new InternalSerde<>(RemediationState.class)));
    KStream<String, RemediationInput> results =
        builder.stream(
                t.remediationResults().name(),
                Consumed.with(
                        t.remediationResults().keySerde(), t.remediationResults().valueSerde())
                    .withName("remediation-results-source"))
            .filter((k, r) -> r != null && r.getPool() != null, Named.as("drop-result-tombstones"))
            .selectKey((k, r) -> r.getPool(), Named.as("key-results-by-pool"))
            .repartition(
                Repartitioned.<String, RemediationResult>as(FulcrumTopology.RESULTS_REPARTITION)
                    .withNumberOfPartitions(s.poolPartitions())
                    .withKeySerde(Serdes.String())
                    .withValueSerde(new InternalSerde<>(RemediationResult.class)))
            .mapValues(RemediationInput::of, Named.as("result-to-remediation-input"));
    RemediationPolicy policy = new RemediationPolicy(rs);
    KStream<String, RemediationInput> inputs =
        verdicts
            .mapValues(RemediationInput::ofNullable, Named.as("verdict-to-remediation-input"))
            .merge(results, Named.as("merge-remediation-inputs"));
    // Only approve mode reads fulcrum.approvals: the other modes need no such topic to exist.
    if (rs.mode() == RemediationSettings.Mode.APPROVE) {
      inputs = inputs.merge(approvals(builder, s, t), Named.as("merge-approvals"));
    }
    KStream<String, SpecificRecord> out =
        inputs.process(
            () -> new RemediationProcessor(policy, metrics),
            Named.as("remediate"),
            RemediationProcessor.STATE);
    out.filter((pool, v) -> v instanceof RollbackCommand, Named.as("only-commands"))
        .mapValues(v -> (RollbackCommand) v, Named.as("as-command"))
        .to(
            t.rollbackCommands().name(),
            Produced.with(t.rollbackCommands().keySerde(), t.rollbackCommands().valueSerde())
                .withName("rollback-commands-sink"));
    KStream<String, Incident> incidents =
        out.filter((pool, v) -> v instanceof Incident, Named.as("only-incidents"))
            .mapValues(v -> (Incident) v, Named.as("as-incident"));
    incidents.to(
        t.incidents().name(),
        Produced.with(t.incidents().keySerde(), t.incidents().valueSerde())
            .withName("incidents-sink"));
    incidents.process(
        RecentEventsRecorder::incidents,
        Named.as("record-recent-incidents"),
        RecentStores.INCIDENTS);
  }

  /** Operators' decisions, re-keyed by pool like the actuator's results. */
  private static KStream<String, RemediationInput> approvals(
      StreamsBuilder builder, FulcrumSettings s, FulcrumTopics t) {
    return builder.stream(
            t.approvals().name(),
            Consumed.with(t.approvals().keySerde(), t.approvals().valueSerde())
                .withName("approvals-source"))
        .filter((k, a) -> a != null && a.getPool() != null, Named.as("drop-approval-tombstones"))
        .selectKey((k, a) -> a.getPool(), Named.as("key-approvals-by-pool"))
        .repartition(
            Repartitioned.<String, ApprovalDecision>as(FulcrumTopology.APPROVALS_REPARTITION)
                .withNumberOfPartitions(s.poolPartitions())
                .withKeySerde(Serdes.String())
                .withValueSerde(new InternalSerde<>(ApprovalDecision.class)))
        .mapValues(RemediationInput::of, Named.as("approval-to-remediation-input"));
  }
}
