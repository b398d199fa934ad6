package io.fulcrum.replay;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A processor context with no task behind it: forwards go straight to a consumer, and wall-clock
 * punctuators run only when {@link #advanceWallClock} is called. Enough for the stateless front of
 * the topology (parsing, pre-aggregation), which is all the fast replay runs outside Kafka Streams.
 */
abstract class InlineContext implements ProcessingContext {
  private final List<Scheduled> punctuators = new ArrayList<>();
  private long wallClockMs;

  /** A wall-clock punctuator and the next time it is due. */
  private static final class Scheduled {
    final long intervalMs;
    final Punctuator punctuator;
    long nextMs;
    boolean cancelled;

    Scheduled(long intervalMs, Punctuator punctuator, long firstMs) {
      this.intervalMs = intervalMs;
      this.punctuator = punctuator;
      this.nextMs = firstMs;
    }
  }

  InlineContext(long wallClockMs) {
    this.wallClockMs = wallClockMs;
  }

  /** Moves the wall clock and runs the punctuators now due, as Kafka Streams' test driver does. */
  void advanceWallClock(Duration d) {
    wallClockMs += d.toMillis();
    for (Scheduled s : punctuators) {
      if (!s.cancelled && s.nextMs <= wallClockMs) {
        s.punctuator.punctuate(wallClockMs);
        // Kafka's rule: keep the schedule's phase, but never run a missed punctuation twice.
        s.nextMs =
            s.nextMs + s.intervalMs > wallClockMs
                ? s.nextMs + s.intervalMs
                : wallClockMs + s.intervalMs;
      }
    }
  }

  @Override
  public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
    if (type != PunctuationType.WALL_CLOCK_TIME) {
      throw new UnsupportedOperationException("only wall-clock punctuation runs inline");
    }
    Scheduled s = new Scheduled(interval.toMillis(), callback, wallClockMs + interval.toMillis());
    punctuators.add(s);
    return () -> s.cancelled = true;
  }

  @Override
  public Cancellable schedule(
      Instant start, Duration interval, PunctuationType type, Punctuator callback) {
    throw new UnsupportedOperationException(
        "aligned punctuation is not used by the inline processors");
  }

  @Override
  public long currentSystemTimeMs() {
    return wallClockMs;
  }

  @Override
  public long currentStreamTimeMs() {
    throw new UnsupportedOperationException("stream time is not tracked inline");
  }

  @Override
  public String applicationId() {
    return "fulcrum-replay";
  }

  @Override
  public TaskId taskId() {
    return new TaskId(0, 0);
  }

  @Override
  public Optional<RecordMetadata> recordMetadata() {
    return Optional.empty();
  }

  @Override
  public Serde<?> keySerde() {
    return null;
  }

  @Override
  public Serde<?> valueSerde() {
    return null;
  }

  @Override
  public File stateDir() {
    throw new UnsupportedOperationException("the inline processors are stateless");
  }

  @Override
  public StreamsMetrics metrics() {
    throw new UnsupportedOperationException("no Streams metrics inline");
  }

  @Override
  public <S extends StateStore> S getStateStore(String name) {
    throw new UnsupportedOperationException(
        "the inline processors are stateless: no store " + name);
  }

  @Override
  public void commit() {}

  @Override
  public Map<String, Object> appConfigs() {
    return Map.of();
  }

  @Override
  public Map<String, Object> appConfigsWithPrefix(String prefix) {
    return Map.of();
  }

  /** Context of a {@code Processor}: each forwarded record goes to {@code sink}. */
  static final class Records<K, V> extends InlineContext implements ProcessorContext<K, V> {
    private final Consumer<org.apache.kafka.streams.processor.api.Record<K, V>> sink;

    Records(long wallClockMs, Consumer<org.apache.kafka.streams.processor.api.Record<K, V>> sink) {
      super(wallClockMs);
      this.sink = sink;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K1 extends K, V1 extends V> void forward(
        org.apache.kafka.streams.processor.api.Record<K1, V1> record) {
      sink.accept((org.apache.kafka.streams.processor.api.Record<K, V>) record);
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(
        org.apache.kafka.streams.processor.api.Record<K1, V1> record, String child) {
      forward(record);
    }
  }

  /** Context of a {@code FixedKeyProcessor}: each forwarded record goes to {@code sink}. */
  static final class FixedKeyRecords<K, V> extends InlineContext
      implements FixedKeyProcessorContext<K, V> {
    private final Consumer<FixedKeyRecord<K, V>> sink;

    FixedKeyRecords(long wallClockMs, Consumer<FixedKeyRecord<K, V>> sink) {
      super(wallClockMs);
      this.sink = sink;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K1 extends K, V1 extends V> void forward(FixedKeyRecord<K1, V1> record) {
      sink.accept((FixedKeyRecord<K, V>) record);
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(FixedKeyRecord<K1, V1> record, String child) {
      forward(record);
    }
  }
}
