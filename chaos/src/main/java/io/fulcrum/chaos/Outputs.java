package io.fulcrum.chaos;

import io.fulcrum.app.DeadLetterHandler;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.ServerShare;
import io.fulcrum.serde.FulcrumTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the pipeline committed, as any downstream consumer sees it (read_committed): closed
 * pool windows, anomalies, incidents, rollback commands and dead letters, each noted with the
 * wall-clock time it was read. The reader assigns itself every partition and keeps its positions in
 * memory: a consumer group would be rebalanced away during a broker outage and read again from its
 * last committed offsets, which would look like windows closed twice.
 */
final class Outputs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Outputs.class);
  private final FulcrumTopics topics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;
  private final WindowCounts windows = new WindowCounts();

  /** Pool to the latest window start closed, and when it was read. */
  private final Map<String, Long> lastWindow = new ConcurrentHashMap<>();

  private final List<Long> windowReadAt = new ArrayList<>();
  private final List<AnomalyEvent> anomalies = new ArrayList<>();
  private final List<Incident> incidents = new ArrayList<>();
  private final List<RollbackCommand> commands = new ArrayList<>();
  private final Map<String, Long> deadLetterReasons = new HashMap<>();
  private long deadLetters;
  private long duplicateWindows;
  private final Map<String, Boolean> seenWindows = new HashMap<>();

  Outputs(String bootstrap, FulcrumTopics topics) {
    this.topics = topics;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "none",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                4 * 1024 * 1024),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> all = new ArrayList<>();
    for (String t :
        List.of(
            topics.poolWindows().name(),
            topics.anomalies().name(),
            topics.incidents().name(),
            topics.rollbackCommands().name(),
            topics.deadLetters().name())) {
      consumer
          .partitionsFor(t, Duration.ofSeconds(30))
          .forEach(p -> all.add(new TopicPartition(t, p.partition())));
    }
    consumer.assign(all);
    consumer.seekToBeginning(all);
    this.thread = new Thread(this::loop, "chaos-outputs");
    thread.setDaemon(true);
  }

  Outputs start() {
    thread.start();
    return this;
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          take(r);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("reading the outputs failed", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private synchronized void take(ConsumerRecord<byte[], byte[]> r) {
    String t = r.topic();
    if (t.equals(topics.poolWindows().name())) {
      PoolWindow w = topics.poolWindows().valueSerde().deserializer().deserialize(t, r.value());
      long start = w.getWindowStart().toEpochMilli();
      if (seenWindows.put(w.getPool() + "@" + start, Boolean.TRUE) != null) {
        duplicateWindows++;
      }
      for (ServerShare s : w.getServers()) {
        windows.add(w.getPool(), s.getServer(), start, s.getCount());
      }
      windows.add(w.getPool(), null, start, w.getNoServerCount());
      lastWindow.merge(w.getPool(), start, Math::max);
      windowReadAt.add(System.currentTimeMillis());
    } else if (t.equals(topics.anomalies().name())) {
      anomalies.add(topics.anomalies().valueSerde().deserializer().deserialize(t, r.value()));
    } else if (t.equals(topics.incidents().name())) {
      incidents.add(topics.incidents().valueSerde().deserializer().deserialize(t, r.value()));
    } else if (t.equals(topics.rollbackCommands().name())) {
      commands.add(topics.rollbackCommands().valueSerde().deserializer().deserialize(t, r.value()));
    } else {
      deadLetters++;
      Header h = r.headers().lastHeader(DeadLetterHandler.REASON_HEADER);
      String reason =
          h == null ? "(no reason header)" : new String(h.value(), StandardCharsets.UTF_8);
      deadLetterReasons.merge(reason.replaceAll("[0-9]+", "N"), 1L, Long::sum);
    }
  }

  /**
   * The latest window start closed for every one of {@code pools}, or Long.MIN_VALUE for a pool
   * with none.
   */
  synchronized long lowestLastWindow(Iterable<String> pools) {
    long low = Long.MAX_VALUE;
    for (String p : pools) {
      low = Math.min(low, lastWindow.getOrDefault(p, Long.MIN_VALUE));
    }
    return low;
  }

  /**
   * The longest wall-clock gap between two window records read between {@code fromWall} and {@code
   * toWall}.
   */
  synchronized long longestStall(long fromWall, long toWall) {
    long longest = 0;
    long prev = fromWall;
    for (long at : windowReadAt) {
      if (at >= fromWall && at <= toWall) {
        longest = Math.max(longest, at - prev);
        prev = at;
      }
    }
    return Math.max(longest, toWall - prev);
  }

  synchronized WindowCounts windows() {
    return windows;
  }

  synchronized long duplicateWindows() {
    return duplicateWindows;
  }

  synchronized List<AnomalyEvent> anomalies() {
    return List.copyOf(anomalies);
  }

  synchronized List<AnomalyEvent> started() {
    return anomalies.stream().filter(a -> a.getStatus() == AnomalyStatus.STARTED).toList();
  }

  synchronized List<Incident> incidents() {
    return List.copyOf(incidents);
  }

  synchronized List<RollbackCommand> commands() {
    return List.copyOf(commands);
  }

  synchronized long deadLetters() {
    return deadLetters;
  }

  synchronized Map<String, Long> deadLetterReasons() {
    return Map.copyOf(deadLetterReasons);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
