package io.fulcrum.actuator.watch;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.serde.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest change of each pool on the config-changes topic, read from the beginning (committed
 * records only) by a consumer of its own, without a group. Producers key the topic as they like, so
 * "latest" is by the change's timestamp.
 */
final class AnnouncedChanges implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AnnouncedChanges.class);
  private static final Duration CATCH_UP = Duration.ofSeconds(10);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topic<byte[], LbConfigChange> topic;
  private final Map<String, Announced> latest = new HashMap<>();
  private List<TopicPartition> partitions;

  AnnouncedChanges(Map<String, Object> consumerConfig, Topic<byte[], LbConfigChange> topic) {
    this.consumer = new KafkaConsumer<>(consumerConfig);
    this.topic = topic;
  }

  /**
   * Reads what was committed up to now; false when the topic could not be read to its end in time.
   */
  boolean catchUp() {
    if (partitions == null) {
      partitions =
          consumer.partitionsFor(topic.name(), CATCH_UP).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CATCH_UP);
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    while (end.entrySet().stream()
        .anyMatch(e -> consumer.position(e.getKey(), CATCH_UP) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        record(r);
      }
    }
    return true;
  }

  private void record(ConsumerRecord<byte[], byte[]> r) {
    LbConfigChange c;
    try {
      c = topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      log.debug(
          "Skipping {}-{}@{}: not an LbConfigChange ({})",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
      return;
    }
    if (c != null && c.getPool() != null) {
      noteAnnounced(
          c.getPool(),
          new Announced(
              c.getVersion(), c.getConfigHash(), c.getTimestamp().toEpochMilli(), c.getAuthor()));
    }
  }

  /**
   * Also called right after the watcher published, so the next round knows before it reads the
   * topic again.
   */
  void noteAnnounced(String pool, Announced a) {
    Announced before = latest.get(pool);
    if (before == null || a.timestamp() >= before.timestamp()) {
      latest.put(pool, a);
    }
  }

  Announced latest(String pool) {
    return latest.get(pool);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
