package io.fulcrum.serde;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.avro.RollbackCommand;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every Fulcrum topic as a typed descriptor. Keys of Fulcrum's own topics are the pool name; input
 * topics keep whatever key their producers chose (read as raw bytes and ignored: the pool is in the
 * value).
 */
public record FulcrumTopics(
    Topic<byte[], RequestEvent> requests,
    Topic<byte[], String> accessLogs,
    Topic<byte[], LbConfigChange> configChanges,
    Topic<String, PoolWindow> poolWindows,
    Topic<String, AnomalyEvent> anomalies,
    Topic<String, RollbackCommand> rollbackCommands,
    Topic<String, RemediationResult> remediationResults,
    Topic<String, Incident> incidents,
    Topic<byte[], byte[]> deadLetters,
    Topic<String, ApprovalDecision> approvals) {

  /** How the pool keys of Fulcrum's own topics are written. */
  public enum KeyFormat {
    /**
     * A primitive Avro string in Confluent's wire format: readable by every Confluent Avro client.
     */
    AVRO,
    /** Plain UTF-8. */
    STRING
  }

  /**
   * @param serdeConfig at least {@code schema.registry.url}; passed to every Avro serde
   */
  public static FulcrumTopics create(
      TopicNames names, KeyFormat keyFormat, Map<String, ?> serdeConfig) {
    Serde<String> str = keyFormat == KeyFormat.STRING ? Serdes.String() : avroString(serdeConfig);
    Serde<byte[]> bytes = Serdes.ByteArray();
    return new FulcrumTopics(
        new Topic<>(names.requests(), bytes, avro(RequestEvent.class, serdeConfig)),
        new Topic<>(names.accessLogs(), bytes, Serdes.String()),
        new Topic<>(names.configChanges(), bytes, avro(LbConfigChange.class, serdeConfig)),
        new Topic<>(names.poolWindows(), str, avro(PoolWindow.class, serdeConfig)),
        new Topic<>(names.anomalies(), str, avro(AnomalyEvent.class, serdeConfig)),
        new Topic<>(names.rollbackCommands(), str, avro(RollbackCommand.class, serdeConfig)),
        new Topic<>(names.remediationResults(), str, avro(RemediationResult.class, serdeConfig)),
        new Topic<>(names.incidents(), str, avro(Incident.class, serdeConfig)),
        new Topic<>(names.deadLetters(), bytes, bytes),
        new Topic<>(names.approvals(), str, avro(ApprovalDecision.class, serdeConfig)));
  }

  private static Serde<String> avroString(Map<String, ?> serdeConfig) {
    AvroStringSerde serde = new AvroStringSerde();
    serde.configure(serdeConfig, true);
    return serde;
  }

  private static <T extends SpecificRecord> Serde<T> avro(
      Class<T> type, Map<String, ?> serdeConfig) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(serdeConfig, false);
    return serde;
  }
}
