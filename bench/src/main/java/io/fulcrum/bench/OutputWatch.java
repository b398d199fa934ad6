package io.fulcrum.bench;

import io.fulcrum.avro.RemediationResult;
import io.fulcrum.serde.FulcrumTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches Fulcrum's anomaly, rollback-command and remediation-result topics as any downstream
 * consumer would (committed records only) and notes the wall-clock time each pool's first record
 * arrives on each of them.
 */
final class OutputWatch implements AutoCloseable {
  /** What arrived first for one pool: when it was polled, and for results the outcome. */
  record Arrival(long atMs, String outcome) {}

  private final FulcrumTopics topics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Map<String, Arrival>> firstByTopic = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  OutputWatch(String bootstrapServers, FulcrumTopics topics) {
    this.topics = topics;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                50));
    List<TopicPartition> parts = new ArrayList<>();
    for (String t :
        List.of(
            topics.anomalies().name(),
            topics.rollbackCommands().name(),
            topics.remediationResults().name())) {
      consumer
          .partitionsFor(t, Duration.ofSeconds(30))
          .forEach(p -> parts.add(new TopicPartition(t, p.partition())));
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    this.thread = new Thread(this::loop, "fulcrum-bench-output-watch");
    thread.setDaemon(true);
  }

  OutputWatch start() {
    thread.start();
    return this;
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          long now = System.currentTimeMillis();
          String pool =
              topics.anomalies().keySerde().deserializer().deserialize(r.topic(), r.key());
          String outcome = null;
          if (r.topic().equals(topics.remediationResults().name())) {
            RemediationResult result =
                topics
                    .remediationResults()
                    .valueSerde()
                    .deserializer()
                    .deserialize(r.topic(), r.value());
            outcome = result == null ? null : String.valueOf(result.getOutcome());
          }
          firstByTopic
              .computeIfAbsent(r.topic(), t -> new ConcurrentHashMap<>())
              .putIfAbsent(pool, new Arrival(now, outcome));
        }
      }
    } catch (WakeupException e) {
      // closing
    }
  }

  Arrival anomaly(String pool) {
    return first(topics.anomalies().name(), pool);
  }

  Arrival command(String pool) {
    return first(topics.rollbackCommands().name(), pool);
  }

  Arrival result(String pool) {
    return first(topics.remediationResults().name(), pool);
  }

  /** Pools with an anomaly, whatever their traffic: to spot false positives. */
  java.util.Set<String> poolsWithAnomalies() {
    return Map.copyOf(firstByTopic.getOrDefault(topics.anomalies().name(), Map.of())).keySet();
  }

  private Arrival first(String topic, String pool) {
    return firstByTopic.getOrDefault(topic, Map.of()).get(pool);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
    consumer.close();
  }
}
