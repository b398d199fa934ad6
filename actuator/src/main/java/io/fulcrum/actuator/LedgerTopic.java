package io.fulcrum.actuator;

import io.fulcrum.avro.RemediationResult;
import io.fulcrum.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted ledger topic: key = command id (UTF-8), value = a {@link RemediationResult}
 * (outcome UNKNOWN = STARTED), Avro in Confluent's wire format. Created on first start if missing.
 * Read to its end, committed records only, at startup and whenever partitions of the command topic
 * are assigned, so an instance taking over a partition knows what the previous owner did.
 */
final class LedgerTopic implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LedgerTopic.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String topic;
  private final Serde<RemediationResult> serde;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ActuatorSettings settings;

  LedgerTopic(ActuatorSettings settings) {
    this.settings = settings;
    this.topic = settings.ledgerTopic();
    this.serde = new AvroSerde<>(RemediationResult.class);
    serde.configure(settings.serdeConfig(), false);
    this.consumer = new KafkaConsumer<>(KafkaClients.ledgerConsumer(settings));
  }

  void ensureExists() {
    try (Admin admin = Admin.create(KafkaClients.admin(settings))) {
      if (admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).contains(topic)) {
        return;
      }
      NewTopic t =
          new NewTopic(topic, Optional.of(1), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(t)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      log.info("Created the compacted ledger topic {}", topic);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create the ledger topic " + topic + ": " + e.getCause().getMessage(), e);
      }
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot check the ledger topic " + topic + ": " + e, e);
    }
  }

  /** Reads every committed ledger record not read yet into {@code ledger}. */
  void catchUp(Ledger ledger) {
    if (consumer.assignment().isEmpty()) {
      List<TopicPartition> parts = partitions();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
    }
    Set<TopicPartition> parts = consumer.assignment();
    Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    int read = 0;
    while (parts.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "could not read the ledger topic " + topic + " to its end within " + TIMEOUT);
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.value() == null) {
          ledger.remove(new String(r.key(), StandardCharsets.UTF_8));
        } else {
          ledger.put(serde.deserializer().deserialize(topic, r.value()));
        }
        read++;
      }
    }
    if (read > 0) {
      log.info("Read {} ledger records from {}; {} commands known", read, topic, ledger.size());
    }
  }

  /**
   * The ledger's partitions; a topic just created may take a moment to reach the broker's metadata.
   */
  private List<TopicPartition> partitions() {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, TIMEOUT).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      if (!parts.isEmpty()) {
        return parts;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the ledger topic " + topic + " has no partitions after " + TIMEOUT);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
    }
  }

  ProducerRecord<byte[], byte[]> record(RemediationResult entry) {
    return new ProducerRecord<>(
        topic,
        entry.getCommandId().getBytes(StandardCharsets.UTF_8),
        serde.serializer().serialize(topic, entry));
  }

  @Override
  public void close() {
    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
