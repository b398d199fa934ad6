package io.fulcrum.bench;

import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimEvent;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.sim.SimRun;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a simulator run in wall-clock time, as a load balancer's log shipper would: each request's
 * {@code RequestEvent} is produced when its log line is written (event time = accept time), each config change when
 * it is deployed. Notes when the first request of each watched pool accepted at or after its bad deploy is sent:
 * the "first bad record produced" the latency phase measures from.
 */
final class PacedTraffic implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PacedTraffic.class);
  private final SimRun run;
  private final FulcrumTopics topics;
  private final KafkaProducer<byte[], byte[]> producer;
  /** Pool to the wall-clock offset of its bad deploy from the start. */
  private final Map<String, Long> onsets;
  private final long startMs;
  private final Map<String, Long> firstBadSentAt = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  PacedTraffic(SimRun run, long startMs, Map<String, Long> onsets, String bootstrapServers, FulcrumTopics topics) {
    this.run = run;
    this.startMs = startMs;
    this.onsets = Map.copyOf(onsets);
    this.topics = topics;
    // A log shipper's settings: small batches, sent at once.
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all"));
    this.thread = new Thread(this::loop, "fulcrum-bench-live-traffic");
    thread.setDaemon(true);
  }

  PacedTraffic start() {
    thread.start();
    return this;
  }

  /** Wall-clock time at which the first bad record of {@code pool} was handed to the producer, or null. */
  Long firstBadSentAt(String pool) {
    return firstBadSentAt.get(pool);
  }

  Throwable failure() {
    return failure;
  }

  private void loop() {
    try {
      while (running && run.hasNext()) {
        SimEvent e = run.next();
        long wait = e.emitMs() - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        byte[] key = e.pool().getBytes(StandardCharsets.UTF_8);
        if (e instanceof SimRequest r) {
          byte[] value = topics.requests().valueSerde().serializer().serialize(topics.requests().name(), SimAvro.toAvro(r));
          Long onset = onsets.get(r.pool());
          if (onset != null && r.timestampMs() >= startMs + onset) {
            firstBadSentAt.putIfAbsent(r.pool(), System.currentTimeMillis());
          }
          producer.send(new ProducerRecord<>(topics.requests().name(), null, r.timestampMs(), key, value));
        } else if (e instanceof SimConfigChange c) {
          byte[] value = topics.configChanges().valueSerde().serializer()
              .serialize(topics.configChanges().name(), SimAvro.toAvro(c));
          producer.send(new ProducerRecord<>(topics.configChanges().name(), null, Math.max(0, c.timestampMs()), key, value));
        }
      }
    } catch (InterruptedException e) {
      // stopping
    } catch (RuntimeException e) {
      failure = e;
      log.error("the live traffic stopped", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
    producer.close();
  }
}
