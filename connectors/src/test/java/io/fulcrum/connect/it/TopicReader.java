package io.fulcrum.connect.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads one single-partition topic from the start, committed transactions only, accumulating
 * values.
 */
public final class TopicReader<V> implements AutoCloseable {
  private final KafkaConsumer<byte[], V> consumer;
  private final List<V> values = new ArrayList<>();

  public TopicReader(String bootstrapServers, String topic, Deserializer<V> values) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            values);
    TopicPartition tp = new TopicPartition(topic, 0);
    consumer.assign(List.of(tp));
    consumer.seekToBeginning(List.of(tp));
  }

  /** Everything read so far, once at least {@code count} values arrived. */
  public List<V> awaitAtLeast(int count, Duration within) {
    try {
      await(count + " records")
          .atMost(within)
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                for (ConsumerRecord<byte[], V> r : consumer.poll(Duration.ofMillis(200))) {
                  values.add(r.value());
                }
                return values.size() >= count;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "only "
              + values.size()
              + " of "
              + count
              + " records arrived within "
              + within
              + "; the last ones: "
              + values.subList(Math.max(0, values.size() - 3), values.size()),
          e);
    }
    return List.copyOf(values);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
