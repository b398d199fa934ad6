package io.fulcrum.chaos;

import io.fulcrum.window.Watermarks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the per-input-task watermarks cost: every input task sends one to every pool partition each
 * flush interval, so the records grow with input partitions x {@code fulcrum.pool.partitions}. Runs
 * the plan's traffic on {@code instances} app instances with no fault, then counts what the
 * repartition topics carried: watermarks against the partial sums they accompany, per second of
 * traffic.
 */
public final class Fanout {
  /** Records and bytes of the repartition topics, split into watermarks and partial sums. */
  public record Figures(
      int inputPartitions,
      int poolPartitions,
      int instances,
      double seconds,
      long watermarks,
      long watermarkBytes,
      long partials,
      long partialBytes,
      long requests) {
    public String row() {
      return String.format(
          "| %d input partitions x %d pool partitions, %d instances | %.0f/s (%.1f KiB/s) | %.0f/s "
              + "(%.1f KiB/s) | %.0f req/s |",
          inputPartitions,
          poolPartitions,
          instances,
          watermarks / seconds,
          watermarkBytes / seconds / 1024,
          partials / seconds,
          partialBytes / seconds / 1024,
          requests / seconds);
    }

    public static String header() {
      return "| setup | watermark records | partial-sum records | input |\n|---|---|---|---|";
    }
  }

  private Fanout() {}

  public static Figures measure(ChaosPlan plan, int instances, Path dir) throws Exception {
    try (ChaosRun run = ChaosRun.start("fanout", plan, dir, 0)) {
      for (int i = 0; i < instances; i++) {
        run.addInstance();
      }
      run.startTraffic();
      RunReport report = run.finish(Duration.ofMinutes(2));
      long[] counts = new long[4];
      for (String suffix :
          List.of("-pool-partials-repartition", "-log-pool-partials-repartition")) {
        count(run, run.appId() + suffix, counts);
      }
      return new Figures(
          plan.partitions(),
          plan.partitions(),
          instances,
          report.trafficSeconds(),
          counts[0],
          counts[1],
          counts[2],
          counts[3],
          report.counts().truthRequests());
    }
  }

  private static void count(ChaosRun run, String topic, long[] counts) {
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                run.cluster().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          // The repartition topics carry String keys: watermarks start with their NUL prefix.
          boolean watermark = Watermarks.isWatermark(new String(r.key(), StandardCharsets.UTF_8));
          counts[watermark ? 0 : 2]++;
          counts[watermark ? 1 : 3] += r.serializedKeySize() + r.serializedValueSize();
        }
      }
    }
  }
}
