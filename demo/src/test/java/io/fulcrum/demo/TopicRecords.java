package io.fulcrum.demo;

import io.fulcrum.serde.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every committed value of a topic, read by a fresh read_committed consumer, as a downstream
 * consumer sees it.
 */
final class TopicRecords {
  private TopicRecords() {}

  static <K, V> List<V> all(String bootstrapServers, Topic<K, V> topic) {
    Map<String, Object> props =
        Map.of(
            "bootstrap.servers",
            bootstrapServers,
            "isolation.level",
            "read_committed",
            "enable.auto.commit",
            "false");
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic.name(), p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<V> out = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.add(topic.valueSerde().deserializer().deserialize(topic.name(), r.value()));
        }
      }
      return out;
    }
  }
}
