package io.fulcrum.bench;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.sim.HaproxyLogFormatter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Generates the fleet's traffic once, serialized as the input topics carry it (Avro {@code
 * RequestEvent}s in Confluent's wire format, and the same requests as HAProxy log lines), then
 * produces it and measures the producer rate alone: generation and serialization happen before the
 * clock starts.
 */
final class Preproducer {
  /** The pre-serialized traffic: one value per request, in emission order. */
  record Traffic(
      List<byte[]> avro,
      List<byte[]> lines,
      List<LbConfigChange> changes,
      long firstMs,
      long lastMs) {}

  /** Records, bytes and seconds of one produce run. */
  record Rate(long records, long bytes, double seconds) {
    double recordsPerSecond() {
      return records / seconds;
    }

    double megabytesPerSecond() {
      return bytes / seconds / 1e6;
    }
  }

  private Preproducer() {}

  static Traffic generate(
      FleetTraffic fleet,
      long startMs,
      Serializer<RequestEvent> avro,
      String requestsTopic,
      boolean withLines) {
    List<byte[]> events = new ArrayList<>();
    List<byte[]> lines = new ArrayList<>();
    List<LbConfigChange> changes = new ArrayList<>();
    HaproxyLogFormatter haproxy = new HaproxyLogFormatter();
    StringBuilder sb = new StringBuilder(192);
    long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
    fleet.play(
        startMs,
        42,
        r -> {
          events.add(avro.serialize(requestsTopic, SimRecords.request(r)));
          if (withLines) {
            sb.setLength(0);
            lines.add(haproxy.append(sb, r).toString().getBytes(StandardCharsets.UTF_8));
          }
          range[0] = Math.min(range[0], r.timestampMs());
          range[1] = Math.max(range[1], r.timestampMs());
        },
        c -> changes.add(SimRecords.change(c)));
    return new Traffic(events, lines, changes, range[0], range[1]);
  }

  /**
   * Produces {@code values} with null keys (the pipeline ignores input keys) and waits for every
   * ack.
   */
  static Rate produce(String bootstrapServers, String topic, List<byte[]> values) {
    long bytes = 0;
    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config(bootstrapServers))) {
      for (byte[] v : values) {
        producer.send(new ProducerRecord<>(topic, v));
        bytes += v.length;
      }
      producer.flush();
    }
    return new Rate(values.size(), bytes, (System.nanoTime() - t0) / 1e9);
  }

  static void produceChanges(
      String bootstrapServers,
      String topic,
      List<LbConfigChange> changes,
      Serializer<LbConfigChange> serializer)
      throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config(bootstrapServers))) {
      for (LbConfigChange c : changes) {
        producer
            .send(
                new ProducerRecord<>(
                    topic,
                    null,
                    c.getTimestamp().toEpochMilli(),
                    c.getPool().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, c)))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Map<String, Object> config(String bootstrapServers) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        ByteArraySerializer.class,
        ProducerConfig.LINGER_MS_CONFIG,
        10,
        ProducerConfig.BATCH_SIZE_CONFIG,
        256 * 1024,
        ProducerConfig.BUFFER_MEMORY_CONFIG,
        256L * 1024 * 1024,
        ProducerConfig.ACKS_CONFIG,
        "all");
  }
}
