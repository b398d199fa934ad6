package io.fulcrum.app;

import io.fulcrum.window.InputProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, twice a second, whether the app has read each input partition to its end: the
 * partition's last stable offset (what a read_committed consumer can see), read first, against the
 * offset the app's consumer group has committed, read second. A partition is caught up as of the
 * first request's start when the committed offset is at or past it. This is the lag operators know
 * from {@code kafka-consumer-groups --describe}, measured from the broker and not from the app's
 * own view, so a broker that cannot be reached, a partition without a leader, or a backlog all read
 * as "not caught up": input tasks then hold their watermarks instead of following the clock.
 */
public final class InputLagMonitor implements InputProgress, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InputLagMonitor.class);
  private static final long INTERVAL_MS = 500;
  private static final long TIMEOUT_MS = 5_000;
  private static final long DESCRIBE_EVERY_MS = 30_000;

  private final Admin admin;
  private final String groupId;
  private final List<String> topics;
  private final MeterRegistry registry;
  private final ScheduledExecutorService timer;
  private final Map<TopicPartition, Long> caughtUpAt = new ConcurrentHashMap<>();
  private final Map<TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();
  private final AtomicLong lastSuccess = new AtomicLong(System.currentTimeMillis());
  private volatile List<TopicPartition> partitions = List.of();
  private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
  private long describedAt = Long.MIN_VALUE;
  private boolean failing;

  private InputLagMonitor(
      Admin admin, String groupId, List<String> topics, MeterRegistry registry) {
    this.admin = admin;
    this.groupId = groupId;
    this.topics = List.copyOf(topics);
    this.registry = registry;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fulcrum-input-lag");
              t.setDaemon(true);
              return t;
            });
    Gauge.builder(
            "fulcrum.input.lag.check.age",
            lastSuccess,
            last -> (System.currentTimeMillis() - last.get()) / 1e3)
        .description(
            "Seconds since the input lag was last measured; while it grows, quiet input tasks hold windows")
        .baseUnit("seconds")
        .register(registry);
  }

  /** Starts measuring {@code topics} for consumer group {@code groupId} (the application id). */
  public static InputLagMonitor start(
      Map<String, Object> adminConfig,
      String groupId,
      List<String> topics,
      MeterRegistry registry) {
    InputLagMonitor m = new InputLagMonitor(Admin.create(adminConfig), groupId, topics, registry);
    m.timer.scheduleWithFixedDelay(m::checkQuietly, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
    return m;
  }

  @Override
  public long caughtUpAt(String topic, int partition, long wallNow) {
    Long at = caughtUpAt.get(new TopicPartition(topic, partition));
    return at == null ? NEVER : at;
  }

  @Override
  public int partitions(String topic) {
    return partitionCounts.getOrDefault(topic, 0);
  }

  private void checkQuietly() {
    try {
      check();
      if (failing) {
        log.info(
            "input lag measurable again: quiet input tasks may let event time follow the clock");
        failing = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!failing) {
        log.warn(
            "cannot measure the input lag ({}); quiet input tasks hold their watermarks, so windows stay open "
                + "until it can be measured again",
            e.getCause() == null ? e.toString() : e.getCause().toString());
        failing = true;
      }
    }
  }

  void check() throws Exception {
    long started = System.currentTimeMillis();
    if (partitions.isEmpty() || started - describedAt >= DESCRIBE_EVERY_MS) {
      partitions = describe();
      describedAt = started;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    ListOffsetsResult ends =
        admin.listOffsets(
            latest,
            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs((int) TIMEOUT_MS));
    Map<TopicPartition, Long> stable = new HashMap<>();
    for (TopicPartition tp : partitions) {
      try {
        stable.put(tp, ends.partitionResult(tp).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).offset());
      } catch (ExecutionException e) {
        log.debug(
            "no end offset for {}: {}", tp, e.getCause().toString()); // no leader: not caught up
      }
    }
    if (stable.isEmpty()) {
      throw new IllegalStateException("no input partition has a readable end offset");
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(
                groupId, new ListConsumerGroupOffsetsOptions().timeoutMs((int) TIMEOUT_MS))
            .partitionsToOffsetAndMetadata()
            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    Map<TopicPartition, Long> starts = null;
    for (var e : stable.entrySet()) {
      TopicPartition tp = e.getKey();
      OffsetAndMetadata c = committed.get(tp);
      long behind;
      if (c != null) {
        behind = Math.max(0, e.getValue() - c.offset());
      } else {
        // Never committed: caught up only if there is nothing to read (empty, or everything
        // deleted).
        if (starts == null) {
          starts = earliest(stable.keySet());
        }
        Long start = starts.get(tp);
        behind = start == null ? Long.MAX_VALUE : Math.max(0, e.getValue() - start);
      }
      if (behind == 0) {
        caughtUpAt.put(tp, started);
      }
      lagHolder(tp).set(behind == Long.MAX_VALUE ? -1 : behind);
    }
    lastSuccess.set(started);
  }

  private Map<TopicPartition, Long> earliest(java.util.Set<TopicPartition> tps) throws Exception {
    Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
    tps.forEach(tp -> spec.put(tp, OffsetSpec.earliest()));
    ListOffsetsResult r =
        admin.listOffsets(spec, new ListOffsetsOptions().timeoutMs((int) TIMEOUT_MS));
    Map<TopicPartition, Long> out = new HashMap<>();
    for (TopicPartition tp : tps) {
      try {
        out.put(tp, r.partitionResult(tp).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).offset());
      } catch (ExecutionException e) {
        log.debug("no start offset for {}: {}", tp, e.getCause().toString());
      }
    }
    return out;
  }

  private List<TopicPartition> describe() throws Exception {
    List<TopicPartition> out = new java.util.ArrayList<>();
    for (var e : admin.describeTopics(topics).topicNameValues().entrySet()) {
      try {
        TopicDescription t = e.getValue().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        t.partitions().forEach(p -> out.add(new TopicPartition(t.name(), p.partition())));
        partitionCounts.put(t.name(), t.partitions().size());
      } catch (ExecutionException ex) {
        log.debug("cannot describe input topic {}: {}", e.getKey(), ex.getCause().toString());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("cannot describe the input topics " + topics);
    }
    return out;
  }

  private AtomicLong lagHolder(TopicPartition tp) {
    return lag.computeIfAbsent(
        tp,
        k -> {
          AtomicLong a = new AtomicLong();
          Gauge.builder("fulcrum.input.lag", a, AtomicLong::get)
              .description(
                  "Records of the input partition not yet committed by the app (-1: unknown)")
              .tags("topic", k.topic(), "partition", Integer.toString(k.partition()))
              .register(registry);
          return a;
        });
  }

  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(Duration.ofSeconds(5));
  }
}
