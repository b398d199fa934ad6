package io.fulcrum.demo.lb;

import io.fulcrum.serde.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's producer into Fulcrum's input topics, values serialized by each topic's own serde.
 * Thread-safe.
 */
public final class Publisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Publisher.class);
  private final KafkaProducer<byte[], byte[]> producer;

  public Publisher(String bootstrapServers, String clientId) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "client.id",
                clientId,
                "acks",
                "all",
                "linger.ms",
                "5"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /**
   * Sends with the event time as record timestamp; a failure is logged (the pipeline copes with a
   * gap).
   */
  public <K, V> void send(Topic<K, V> topic, K key, V value, long timestampMs) {
    byte[] k = key == null ? null : topic.keySerde().serializer().serialize(topic.name(), key);
    byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
    producer.send(
        new ProducerRecord<>(topic.name(), null, timestampMs, k, v),
        (meta, e) -> {
          if (e != null) {
            log.warn("could not send to {}: {}", topic.name(), e.toString());
          }
        });
  }

  /** Sends and waits for the broker's acknowledgement (up to 10 s); a failure is logged. */
  public <K, V> void sendAndWait(Topic<K, V> topic, K key, V value, long timestampMs) {
    byte[] k = key == null ? null : topic.keySerde().serializer().serialize(topic.name(), key);
    byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
    try {
      producer
          .send(new ProducerRecord<>(topic.name(), null, timestampMs, k, v))
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("could not send to {}: {}", topic.name(), e.toString());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
