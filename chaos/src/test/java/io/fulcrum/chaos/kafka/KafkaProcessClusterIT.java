package io.fulcrum.chaos.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brokers as processes really die, freeze and come back, and Kafka's guarantees hold across it. */
class KafkaProcessClusterIT {
  private static final Logger log = LoggerFactory.getLogger(KafkaProcessClusterIT.class);

  @Test
  void killedLeaderFailsOverRejoinsAndNoAcknowledgedRecordIsLostOrDuplicated(@TempDir Path dir)
      throws Exception {
    long t0 = System.nanoTime();
    try (KafkaProcessCluster cluster = KafkaProcessCluster.start(3, dir, Map.of())) {
      long started = millisSince(t0);
      String topic = "failover";
      cluster.createTopics(3, 3, Map.of("min.insync.replicas", "2"), topic);

      Map<Long, Boolean> acked;
      long failover;
      long writesResumed;
      long restart;
      long inSync;
      try (Writer writer = new Writer(cluster.bootstrapServers(), topic, 3)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.ackedIn(0) >= 500);

        int leader = cluster.leaderOf(topic, 0);
        boolean controller = cluster.activeController() == leader;
        long ackedBeforeKill = writer.ackedIn(0);
        long tKill = System.nanoTime();
        cluster.kill(leader);
        assertThat(cluster.isRunning(leader)).isFalse();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  int now = cluster.leaderOf(topic, 0);
                  return now != -1 && now != leader;
                });
        failover = millisSince(tKill);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> writer.ackedIn(0) >= ackedBeforeKill + 200);
        writesResumed = millisSince(tKill);

        long tStart = System.nanoTime();
        cluster.start(leader);
        restart = millisSince(tStart);
        cluster.awaitInSync(topic, Duration.ofSeconds(45));
        inSync = millisSince(tStart);

        // Writes go on with all three replicas back.
        long ackedAfterRejoin = writer.acked.size();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> writer.acked.size() >= ackedAfterRejoin + 500);
        writer.finish();
        assertThat(writer.failures).as("sends that failed despite retries").isEmpty();
        acked = writer.acked;
        log.info(
            "node {} (leader of {}-0{}) killed: new leader after {} ms, writes to it again after {} ms;"
                + " restart {} ms, back in sync {} ms",
            leader,
            topic,
            controller ? ", active controller" : "",
            failover,
            writesResumed,
            restart,
            inSync);
      }

      Map<Long, Integer> read = readCommitted(cluster.bootstrapServers(), topic, 3);
      assertThat(read)
          .as("records read more than once")
          .allSatisfy((value, times) -> assertThat(times).as("copies of %s", value).isEqualTo(1));
      assertThat(read.keySet()).as("acknowledged records missing").containsAll(acked.keySet());
      log.info(
          "3 nodes: start {} ms, failover {} ms, restart {} ms; {} acknowledged records read exactly once",
          started,
          failover,
          restart,
          acked.size());
    }
  }

  @Test
  void stoppedNodeKeepsItsDataAndPausedNodeAnswersAgainAfterResume(@TempDir Path dir)
      throws Exception {
    long t0 = System.nanoTime();
    try (KafkaProcessCluster cluster = KafkaProcessCluster.start(1, dir, Map.of());
        Admin admin = cluster.admin()) {
      long started = millisSince(t0);
      String topic = "kept";
      cluster.createTopics(1, 1, Map.of(), topic);
      try (KafkaProducer<String, String> producer =
          producer(cluster.bootstrapServers(), Map.of())) {
        for (int i = 0; i < 100; i++) {
          producer.send(new ProducerRecord<>(topic, Integer.toString(i))).get(10, TimeUnit.SECONDS);
        }
      }

      long tStop = System.nanoTime();
      cluster.stop(1);
      long stopped = millisSince(tStop);
      assertThat(cluster.isRunning(1)).isFalse();
      assertThat(cluster.logDir(1).resolve(".kafka_cleanshutdown"))
          .as("Kafka's clean-shutdown marker")
          .exists();
      long tStart = System.nanoTime();
      cluster.start(1);
      long restart = millisSince(tStart);
      assertThat(readCommitted(cluster.bootstrapServers(), topic, 1).keySet())
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, 100).mapToObj(i -> (long) i).toList());

      // Short timeouts, and metadata fetched before the pause: the send fails by timing out, not by
      // blocking.
      Map<String, Object> impatient =
          Map.of(
              ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
              3_000,
              ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
              1_500,
              ProducerConfig.LINGER_MS_CONFIG,
              0);
      try (KafkaProducer<String, String> producer =
          producer(cluster.bootstrapServers(), impatient)) {
        producer.send(new ProducerRecord<>(topic, "before-pause")).get(10, TimeUnit.SECONDS);
        long pid = cluster.pid(1);
        cluster.pause(1);
        assertThat(cluster.isRunning(1)).isTrue();
        assertThat(cluster.isPaused(1)).isTrue();
        assertThatThrownBy(
                () ->
                    admin
                        .describeCluster(new DescribeClusterOptions().timeoutMs(1_500))
                        .nodes()
                        .get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TimeoutException.class);
        assertThatThrownBy(
                () ->
                    producer.send(new ProducerRecord<>(topic, "paused")).get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TimeoutException.class);

        long tResume = System.nanoTime();
        cluster.resume(1);
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    admin
                        .describeCluster(new DescribeClusterOptions().timeoutMs(1_500))
                        .nodes()
                        .get()
                        .stream()
                        .anyMatch(n -> n.id() == 1));
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    producer
                            .send(new ProducerRecord<>(topic, "after-resume"))
                            .get(10, TimeUnit.SECONDS)
                        != null);
        assertThat(cluster.pid(1)).as("the same process, resumed").isEqualTo(pid);
        log.info(
            "1 node: start {} ms, clean stop {} ms, restart {} ms, answers {} ms after resume",
            started,
            stopped,
            restart,
            millisSince(tResume));
      }
    }
  }

  /**
   * An idempotent acks=all producer writing about 1000 records/s round-robin to every partition, on
   * a schedule rather than flat out, so it does not starve the brokers of the two cores. Values are
   * a sequence number; {@link #acked} holds the ones the cluster acknowledged.
   */
  static final class Writer implements AutoCloseable {
    final Map<Long, Boolean> acked = new ConcurrentHashMap<>();
    final List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLongArray ackedPerPartition;
    private final AtomicLong next = new AtomicLong();
    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();

    Writer(String bootstrap, String topic, int partitions) {
      ackedPerPartition = new AtomicLongArray(partitions);
      producer = producer(bootstrap, Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000));
      ticks.scheduleAtFixedRate(
          () -> {
            for (int i = 0; i < 5; i++) {
              long seq = next.getAndIncrement();
              int partition = (int) (seq % partitions);
              producer.send(
                  new ProducerRecord<>(topic, partition, null, Long.toString(seq)),
                  (md, e) -> {
                    if (e == null) {
                      acked.put(seq, true);
                      ackedPerPartition.incrementAndGet(partition);
                    } else {
                      failures.add(e);
                    }
                  });
            }
          },
          0,
          5,
          TimeUnit.MILLISECONDS);
    }

    long ackedIn(int partition) {
      return ackedPerPartition.get(partition);
    }

    /** Stops writing and waits for the answer to everything sent. */
    void finish() throws InterruptedException {
      ticks.shutdown();
      assertThat(ticks.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      producer.flush();
    }

    @Override
    public void close() {
      ticks.shutdownNow();
      producer.close(Duration.ofSeconds(10));
    }
  }

  static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> overrides) {
    Map<String, Object> config =
        new HashMap<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
    config.putAll(overrides);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /**
   * Every value in the topic with the number of times it was read, reading up to the end offsets.
   */
  static Map<Long, Integer> readCommitted(String bootstrap, String topic, int partitions) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    Map<Long, Integer> counts = new HashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> tps =
          IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
      // In this thread: a consumer must not be used from Awaitility's poller.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread()
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  counts.merge(Long.parseLong(r.value()), 1, Integer::sum);
                }
                return tps.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    return counts;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
