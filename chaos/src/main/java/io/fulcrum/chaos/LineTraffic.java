package io.fulcrum.chaos;

import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.sim.HaproxyLogFormatter;
import io.fulcrum.sim.PacedPlayback;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.sim.SimRun;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A load balancer and its log shipper, in wall-clock time: each simulated request becomes a raw
 * HAProxy line on the access-logs topic when the LB would write it, keyed by pool; each config
 * deploy is announced on the config-changes topic. The shipper rides out broker outages the way
 * real ones do (idempotent, acks=all, ten minutes to deliver). A line counts in the ground truth
 * when the broker has acknowledged it, so a line the shipper could not deliver is not held against
 * the pipeline (and is reported).
 */
final class LineTraffic implements PacedPlayback.Sink, Input {
  private final String linesTopic;
  private final FulcrumTopics topics;
  private final long windowMs;
  private final KafkaProducer<byte[], byte[]> producer;
  private final HaproxyLogFormatter formatter = new HaproxyLogFormatter();
  private final PacedPlayback playback;
  private final WindowCounts truth = new WindowCounts();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

  LineTraffic(SimRun run, String bootstrap, FulcrumTopics topics, long windowMs) {
    this.topics = topics;
    this.linesTopic = topics.accessLogs().name();
    this.windowMs = windowMs;
    this.producer =
        new KafkaProducer<>(
            shipper(bootstrap), new ByteArraySerializer(), new ByteArraySerializer());
    this.playback = new PacedPlayback(run, this, "chaos-traffic");
  }

  /**
   * A log shipper's producer settings: small batches sent at once, and patience through outages.
   */
  static Map<String, Object> shipper(String bootstrap) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.LINGER_MS_CONFIG,
        5,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        600_000,
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        600_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        20_000,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        4 * 1024 * 1024);
  }

  LineTraffic start() {
    playback.start();
    return this;
  }

  @Override
  public void request(SimRequest r) {
    byte[] line = formatter.format(r).getBytes(StandardCharsets.UTF_8);
    // A request belongs to the window in which it ended: when HAProxy wrote its line.
    long windowStart = r.endMs() - Math.floorMod(r.endMs(), windowMs);
    sent.incrementAndGet();
    producer.send(
        new ProducerRecord<>(linesTopic, null, r.endMs(), key(r.pool()), line),
        (md, e) -> {
          if (e == null) {
            truth.add(r.pool(), r.server(), windowStart, 1);
          } else {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
        });
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
            value),
        (md, e) -> {
          if (e != null) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
        });
  }

  private static byte[] key(String pool) {
    return pool.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean awaitSent(java.time.Duration timeout) throws InterruptedException {
    return playback.awaitFinished(timeout);
  }

  @Override
  public WindowCounts truth() {
    return truth;
  }

  @Override
  public long sent() {
    return sent.get();
  }

  @Override
  public long failed() {
    return failed.get();
  }

  @Override
  public long malformed() {
    return 0;
  }

  @Override
  public boolean injectsIncident() {
    return true;
  }

  Exception firstFailure() {
    return firstFailure.get();
  }

  /**
   * Stops the playback and waits until every line handed to the producer is acknowledged or failed.
   */
  @Override
  public void close() throws InterruptedException {
    playback.close();
    producer.flush();
    producer.close();
  }
}
