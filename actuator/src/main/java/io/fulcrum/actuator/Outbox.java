package io.fulcrum.actuator;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything the actuator writes goes through one transactional producer. A STARTED entry is its
 * own transaction, committed before the backend acts. The result, the DONE entry, the optional
 * config change and the command's offset are one transaction: either all of them are visible or
 * none is, and then the command is redelivered and the ledger's STARTED entry tells the next
 * attempt what happened.
 */
final class Outbox implements AutoCloseable {
  static final String AUTHOR = "fulcrum-actuator";

  private final KafkaProducer<byte[], byte[]> producer;
  private final LedgerTopic ledgerTopic;
  private final Ledger ledger;
  private final Topic<String, RemediationResult> results;
  private final Topic<byte[], LbConfigChange> configChanges;
  private final boolean publishConfigChanges;
  private final String actuatorId;

  Outbox(ActuatorSettings s, FulcrumTopics topics, LedgerTopic ledgerTopic, Ledger ledger) {
    this.producer = new KafkaProducer<>(KafkaClients.producer(s));
    this.ledgerTopic = ledgerTopic;
    this.ledger = ledger;
    this.results = topics.remediationResults();
    this.configChanges = topics.configChanges();
    this.publishConfigChanges = s.publishConfigChanges();
    this.actuatorId = s.actuatorId();
  }

  /** Fences an earlier producer with the same transactional id and aborts its open transaction. */
  void init() {
    producer.initTransactions();
  }

  void started(RemediationResult entry) {
    producer.beginTransaction();
    try {
      producer.send(ledgerTopic.record(entry));
      producer.commitTransaction();
    } catch (RuntimeException e) {
      abortQuietly(e);
      throw e;
    }
    ledger.put(entry);
  }

  /**
   * Publishes the outcome of the command at {@code offset} and consumes it, atomically. Returns the
   * config change it published with it, or null.
   */
  LbConfigChange finish(TopicPartition from, long offset, ConsumerGroupMetadata group, Handled h) {
    producer.beginTransaction();
    LbConfigChange change = null;
    try {
      if (h != null) {
        change = send(h);
      }
      producer.sendOffsetsToTransaction(Map.of(from, new OffsetAndMetadata(offset + 1)), group);
      producer.commitTransaction();
    } catch (RuntimeException e) {
      abortQuietly(e);
      throw e;
    }
    if (h != null && h.ledger()) {
      ledger.put(h.result());
    }
    return change;
  }

  private LbConfigChange send(Handled h) {
    RemediationResult r = h.result();
    producer.send(
        new ProducerRecord<>(
            results.name(),
            results.keySerde().serializer().serialize(results.name(), r.getPool()),
            results.valueSerde().serializer().serialize(results.name(), r)));
    if (h.ledger()) {
      producer.send(ledgerTopic.record(r));
    }
    if (h.applied() && publishConfigChanges) {
      LbConfigChange change =
          LbConfigChange.newBuilder()
              .setTimestamp(r.getFinishedAt())
              .setPool(r.getPool())
              .setVersion(r.getVersionAfter())
              .setServers(h.servers())
              .setAuthor(AUTHOR)
              .setConfigHash(h.configHash())
              .setDescription(
                  "rollback by actuator "
                      + actuatorId
                      + " for incident "
                      + r.getIncidentId()
                      + " (command "
                      + r.getCommandId()
                      + "): "
                      + r.getVersionBefore()
                      + " -> "
                      + r.getVersionAfter())
              .build();
      producer.send(
          new ProducerRecord<>(
              configChanges.name(),
              r.getPool().getBytes(StandardCharsets.UTF_8),
              configChanges.valueSerde().serializer().serialize(configChanges.name(), change)));
      return change;
    }
    return null;
  }

  /**
   * Publishes a change the watcher found (a deploy by hand, a runtime change) in a transaction of
   * its own.
   */
  void announce(LbConfigChange change) {
    producer.beginTransaction();
    try {
      producer.send(
          new ProducerRecord<>(
              configChanges.name(),
              change.getPool().getBytes(StandardCharsets.UTF_8),
              configChanges.valueSerde().serializer().serialize(configChanges.name(), change)));
      producer.commitTransaction();
    } catch (RuntimeException e) {
      abortQuietly(e);
      throw e;
    }
  }

  private void abortQuietly(RuntimeException cause) {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
