package io.fulcrum.bench;

import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.sim.PacedPlayback;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.sim.SimRun;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays a simulator run in wall-clock time, as a load balancer's log shipper would: each request's
 * {@code RequestEvent} is produced when its log line is written (event time = accept time), each
 * config change when it is deployed. Notes when the first request of each watched pool accepted at
 * or after its bad deploy is sent: the "first bad record produced" the latency phase measures from.
 */
final class PacedTraffic implements AutoCloseable, PacedPlayback.Sink {
  private final FulcrumTopics topics;
  private final KafkaProducer<byte[], byte[]> producer;

  /** Pool to the wall-clock offset of its bad deploy from the start. */
  private final Map<String, Long> onsets;

  private final long startMs;
  private final Map<String, Long> firstBadSentAt = new ConcurrentHashMap<>();
  private final PacedPlayback playback;

  PacedTraffic(
      SimRun run,
      long startMs,
      Map<String, Long> onsets,
      String bootstrapServers,
      FulcrumTopics topics) {
    this.startMs = startMs;
    this.onsets = Map.copyOf(onsets);
    this.topics = topics;
    // A log shipper's settings: small batches, sent at once.
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.ACKS_CONFIG,
                "all"));
    this.playback = new PacedPlayback(run, this, "fulcrum-bench-live-traffic");
  }

  PacedTraffic start() {
    playback.start();
    return this;
  }

  /**
   * Wall-clock time at which the first bad record of {@code pool} was handed to the producer, or
   * null.
   */
  Long firstBadSentAt(String pool) {
    return firstBadSentAt.get(pool);
  }

  Throwable failure() {
    return playback.failure();
  }

  @Override
  public void request(SimRequest r) {
    byte[] value =
        topics
            .requests()
            .valueSerde()
            .serializer()
            .serialize(topics.requests().name(), SimAvro.toAvro(r));
    Long onset = onsets.get(r.pool());
    if (onset != null && r.timestampMs() >= startMs + onset) {
      firstBadSentAt.putIfAbsent(r.pool(), System.currentTimeMillis());
    }
    producer.send(
        new ProducerRecord<>(
            topics.requests().name(), null, r.timestampMs(), key(r.pool()), value));
  }

  @Override
  public void configChange(SimConfigChange c) {
    byte[] value =
        topics
            .configChanges()
            .valueSerde()
            .serializer()
            .serialize(topics.configChanges().name(), SimAvro.toAvro(c));
    producer.send(
        new ProducerRecord<>(
            topics.configChanges().name(),
            null,
            Math.max(0, c.timestampMs()),
            key(c.pool()),
            value));
  }

  private static byte[] key(String pool) {
    return pool.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    playback.close();
    producer.close();
  }
}
