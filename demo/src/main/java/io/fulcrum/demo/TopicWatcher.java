package io.fulcrum.demo;

import io.fulcrum.demo.story.StoryState;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Fulcrum's output topics (and the config changes) from the beginning with a read_committed
 * consumer, as any downstream consumer would, and hands every record to the {@link StoryState}.
 * Runs on its own thread.
 */
public final class TopicWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicWatcher.class);
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Consumer<ConsumerRecord<byte[], byte[]>>> handlers = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  public TopicWatcher(String bootstrapServers, FulcrumTopics t, StoryState story) {
    on(t.poolWindows(), story::onWindow);
    on(t.configChanges(), story::onConfigChange);
    on(t.anomalies(), story::onAnomaly);
    on(t.rollbackCommands(), story::onCommand);
    on(t.remediationResults(), story::onResult);
    on(t.incidents(), story::onIncident);
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    props.put("client.id", "fulcrum-demo-view");
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : handlers.keySet()) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::loop, "fulcrum-demo-topic-watcher");
    thread.setDaemon(true);
  }

  public TopicWatcher start() {
    thread.start();
    return this;
  }

  private <K, V> void on(Topic<K, V> topic, Consumer<V> handler) {
    handlers.put(
        topic.name(),
        r -> {
          V value = topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
          if (value != null) {
            handler.accept(value);
          }
        });
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            handlers.get(r.topic()).accept(r);
          } catch (RuntimeException e) {
            log.warn("cannot show a record of {}: {}", r.topic(), e.toString());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
