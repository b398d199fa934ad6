package io.fulcrum.chaos;

import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.sim.HaproxyLogFormatter;
import io.fulcrum.sim.SimRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backlog produced as fast as the broker takes it: valid HAProxy lines spread over the last
 * {@code span} of event time across the plan's pools, with malformed records of many kinds mixed in
 * (truncated, binary, invalid UTF-8, a 1 MB line, the wrong format, an empty line, bad fields,
 * JSON) and, on the requests topic, Avro events with a wrong magic byte. Every malformed record
 * must end up on the dead-letter topic; every valid one in its window.
 */
public final class BulkInput implements Input {
  private static final Logger log = LoggerFactory.getLogger(BulkInput.class);
  private static final int KINDS = 10;
  private final ChaosPlan plan;
  private final FulcrumTopics topics;
  private final long valid;
  private final long malformed;
  private final Duration span;
  private final KafkaProducer<byte[], byte[]> producer;
  private final WindowCounts truth = new WindowCounts();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong malformedSent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread thread;

  BulkInput(
      ChaosPlan plan,
      String bootstrap,
      FulcrumTopics topics,
      long valid,
      long malformed,
      Duration span) {
    this.plan = plan;
    this.topics = topics;
    this.valid = valid;
    this.malformed = malformed;
    this.span = span;
    this.producer =
        new KafkaProducer<>(
            LineTraffic.shipper(bootstrap), new ByteArraySerializer(), new ByteArraySerializer());
    this.thread = new Thread(this::produce, "chaos-bulk");
  }

  BulkInput start() {
    thread.start();
    return this;
  }

  private void produce() {
    Random rnd = new Random(7);
    HaproxyLogFormatter formatter = new HaproxyLogFormatter();
    long total = valid + malformed;
    long first = System.currentTimeMillis() - span.toMillis();
    long windowMs = plan.window().toMillis();
    long badEvery = malformed == 0 ? Long.MAX_VALUE : total / malformed;
    long bad = 0;
    for (long i = 0; i < total; i++) {
      if (bad < malformed && i % badEvery == badEvery - 1) {
        sendMalformed((int) (bad++ % KINDS), rnd);
        continue;
      }
      long accept = first + (long) ((double) i / total * span.toMillis());
      String pool = ChaosPlan.poolName(rnd.nextInt(plan.pools()));
      String server = pool + "-s" + (1 + rnd.nextInt(plan.servers()));
      SimRequest r =
          SimRequest.of(
              accept, pool, server, rnd.nextInt(100) == 0 ? 503 : 200, rnd.nextInt(200), 512);
      long windowStart = r.endMs() - Math.floorMod(r.endMs(), windowMs);
      sent.incrementAndGet();
      producer.send(
          new ProducerRecord<>(
              topics.accessLogs().name(),
              null,
              r.endMs(),
              null,
              formatter.format(r).getBytes(StandardCharsets.UTF_8)),
          (md, e) -> {
            if (e == null) {
              truth.add(r.pool(), r.server(), windowStart, 1);
            } else {
              failed.incrementAndGet();
            }
          });
    }
    log.info(
        "bulk input: {} valid lines and {} malformed records handed to the producer",
        sent.get(),
        bad);
  }

  /**
   * One malformed record of kind {@code kind}: nine on the access-log topic, one on the requests
   * topic.
   */
  private void sendMalformed(int kind, Random rnd) {
    String topic = topics.accessLogs().name();
    byte[] value =
        switch (kind) {
          case 0 ->
              "10.0.0.1:4000 [03/Dec/2026:10:00:00.000] fe be/s1 0/0/0/"
                  .getBytes(StandardCharsets.UTF_8);
          case 1 -> random(rnd, 200);
          case 2 ->
              new byte[] {
                (byte) 0xC3,
                0x28,
                (byte) 0xA0,
                (byte) 0xA1,
                (byte) 0xE2,
                0x28,
                (byte) 0xA1,
                0x20,
                0x2F
              };
          case 3 ->
              malformedSent.get() < KINDS
                  ? huge()
                  : "x".repeat(300).getBytes(StandardCharsets.UTF_8);
          case 4 ->
              "time=1764756000.123 pool=be upstream=\"10.0.0.1:80\" status=200 request_time=0.010 bytes=5"
                  .getBytes(StandardCharsets.UTF_8);
          case 5 -> new byte[0];
          case 6 ->
              "10.0.0.1:4000 [03/Dec/2026:10:00:00.000] fe be/s1 0/0/0/1/1 2x0 512 - - ---- 0/0/0/0/0 0/0 \"GET /\""
                  .getBytes(StandardCharsets.UTF_8);
          case 7 ->
              "10.0.0.1:4000 [33/Dex/2026:99:00:00.000] fe be/s1 0/0/0/1/1 200 512 - - ---- 0/0/0/0/0 0/0 \"GET /\""
                  .getBytes(StandardCharsets.UTF_8);
          case 8 -> "{\"msg\": \"not an access-log line\"}".getBytes(StandardCharsets.UTF_8);
          default -> {
            topic = topics.requests().name();
            byte[] b = random(rnd, 40);
            b[0] = 7; // Confluent's wire format starts with magic byte 0
            yield b;
          }
        };
    malformedSent.incrementAndGet();
    producer.send(
        new ProducerRecord<>(topic, null, System.currentTimeMillis(), null, value),
        (md, e) -> {
          if (e != null) {
            failed.incrementAndGet();
          }
        });
  }

  private static byte[] random(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** A megabyte of text with no date in it: a log line no parser should choke on for long. */
  private static byte[] huge() {
    byte[] b = new byte[1024 * 1024];
    Arrays.fill(b, (byte) 'A');
    return b;
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
    return malformedSent.get();
  }

  @Override
  public boolean injectsIncident() {
    return false;
  }

  @Override
  public boolean awaitSent(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    thread.join();
    producer.flush();
    producer.close();
  }
}
