package io.fulcrum.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.ingest.ParsedRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;

/** One pre-aggregator on a mock context with a wall clock to tick, and the records it forwarded. */
abstract class PreAggregatorTestBase {
  protected static final Duration WINDOW = Duration.ofSeconds(10);
  protected static final Duration FLUSH = Duration.ofSeconds(1);
  protected static final Duration GRACE = Duration.ofSeconds(2);
  protected static final Duration IDLE = Duration.ofSeconds(3);

  /** A window boundary (multiple of 10 s). */
  protected static final long T0 = 1_700_000_000_000L;

  protected static final String POOL = "web";
  protected static final long WALL0 = 5_000_000L;

  protected MockProcessorContext<String, ServerWindowStats> context;
  protected ServerWindowPreAggregator processor;

  /**
   * What the input-lag measurement says: read to the end as of now, or not (a backlog, no broker).
   */
  protected boolean readThrough = true;

  @BeforeEach
  void setUp() {
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(WALL0);
    processor =
        new ServerWindowPreAggregator(
            WINDOW,
            GRACE,
            FLUSH,
            IDLE,
            (topic, partition, wallNow) -> readThrough ? wallNow : InputProgress.NEVER,
            "requests",
            Optional.empty());
    processor.init(context);
  }

  protected void send(long ts, String server, int status, int latencyMs) {
    sendTo(POOL, ts, server, status, latencyMs);
  }

  protected void sendTo(String pool, long ts, String server, int status, int latencyMs) {
    processor.process(
        new Record<>(null, new ParsedRequest(ts, pool, server, status, latencyMs, 100, "fe"), ts));
  }

  /** Input goes quiet, read through, until event time has passed every window this test opened. */
  protected void idleUntilFlushed() {
    for (int i = 0; i < 15; i++) {
      wallClockTick();
    }
  }

  protected void wallClockTick() {
    CapturedPunctuator p = context.scheduledPunctuators().get(0);
    long now = context.currentSystemTimeMs() + p.getInterval().toMillis();
    context.setCurrentSystemTimeMs(now);
    p.getPunctuator().punctuate(now);
  }

  /** The sums forwarded so far, without the watermark records. */
  protected List<Record<String, ServerWindowStats>> forwarded() {
    return everything().stream().filter(r -> !Watermarks.isWatermark(r.key())).toList();
  }

  protected List<Long> watermarks() {
    return everything().stream()
        .filter(r -> Watermarks.isWatermark(r.key()))
        .map(r -> r.value().getWindowStart().toEpochMilli())
        .toList();
  }

  @SuppressWarnings("unchecked")
  protected List<Record<String, ServerWindowStats>> everything() {
    return context.forwarded().stream()
        .map(f -> (Record<String, ServerWindowStats>) f.record())
        .toList();
  }

  protected static ServerWindowStats byServer(
      List<Record<String, ServerWindowStats>> out, String server) {
    List<ServerWindowStats> matching =
        out.stream()
            .map(Record::value)
            .filter(s -> java.util.Objects.equals(s.getServer(), server))
            .toList();
    assertThat(matching).as("partials of server %s", server).hasSize(1);
    return matching.get(0);
  }

  protected static List<ServerWindowStats> inWindow(
      List<Record<String, ServerWindowStats>> out, long windowStart) {
    return out.stream()
        .map(Record::value)
        .filter(s -> s.getWindowStart().toEpochMilli() == windowStart)
        .toList();
  }

  protected static LatencySketch sketch(ServerWindowStats s) {
    ByteBuffer b = s.getLatencySketch().duplicate();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return LatencySketch.fromBytes(bytes);
  }
}
