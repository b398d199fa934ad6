package io.fulcrum.bench;

import io.fulcrum.serde.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Topic plumbing of the benchmark: creating a run's topics, naming them in settings, reading one
 * back.
 */
final class BenchTopics {
  private BenchTopics() {}

  static void create(Admin admin, int partitions, List<String> names) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String n : new HashSet<>(names)) {
      topics.add(new NewTopic(n, partitions, (short) 1));
    }
    admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
  }

  /** The {@code fulcrum.topic.*} settings that name each topic. */
  static Map<String, String> settings(TopicNames t) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("fulcrum.topic.requests", t.requests());
    m.put("fulcrum.topic.access-logs", t.accessLogs());
    m.put("fulcrum.topic.config-changes", t.configChanges());
    m.put("fulcrum.topic.pool-windows", t.poolWindows());
    m.put("fulcrum.topic.anomalies", t.anomalies());
    m.put("fulcrum.topic.rollback-commands", t.rollbackCommands());
    m.put("fulcrum.topic.remediation-results", t.remediationResults());
    m.put("fulcrum.topic.incidents", t.incidents());
    m.put("fulcrum.topic.dlq", t.deadLetters());
    return m;
  }

  /**
   * Records on a topic and the distinct keys among them (pools, for Fulcrum's outputs), read from
   * the start.
   */
  record Contents(long records, Set<Bytes> keys, Map<String, Set<Bytes>> keysByLabel) {
    /** Keys whose every value has {@code label}. */
    Set<Bytes> keysOnlyWith(String label) {
      Set<Bytes> only = new HashSet<>(keysByLabel.getOrDefault(label, Set.of()));
      keysByLabel.forEach(
          (l, k) -> {
            if (!l.equals(label)) {
              only.removeAll(k);
            }
          });
      return only;
    }
  }

  static Contents readAll(String bootstrapServers, String topic, Duration timeout) {
    return readAll(bootstrapServers, topic, timeout, (t, v) -> "");
  }

  /**
   * As {@link #readAll(String, String, Duration)}, with the keys also grouped by a label of their
   * values.
   */
  static Contents readAll(
      String bootstrapServers,
      String topic,
      Duration timeout,
      java.util.function.BiFunction<String, byte[], String> label) {
    Map<String, Object> cfg =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    long records = 0;
    Set<Bytes> keys = new HashSet<>();
    Map<String, Set<Bytes>> byLabel = new java.util.TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cfg)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = c.endOffsets(parts, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          records++;
          keys.add(Bytes.wrap(r.key()));
          byLabel
              .computeIfAbsent(label.apply(topic, r.value()), x -> new HashSet<>())
              .add(Bytes.wrap(r.key()));
        }
      }
    }
    return new Contents(records, keys, byLabel);
  }
}
