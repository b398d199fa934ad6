package io.fulcrum.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.InternalSerde;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.avro.internal.ConfigHistory;
import io.fulcrum.avro.internal.PoolMembership;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.window.ServerWindowAccumulator;
import io.fulcrum.window.Watermarks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A {@link PoolWindowAssembler} on a {@link MockProcessorContext} with real in-memory stores, a
 * recording late counter and a controllable wall clock. {@link #restart()} replaces context and
 * processor but keeps the stores.
 */
final class AssemblerFixture {
  /** A window boundary (multiple of 10 s). */
  static final long T0 = 1_700_000_000_000L;

  static final long WINDOW_MS = 10_000;
  static final long GRACE_MS = 2_000;
  static final Duration TICK = Duration.ofSeconds(1);
  static final long IDLE_CLOSE_MS = 3_000;

  /** How long a silent input task holds windows back here (fulcrum.input.max-hold). */
  static final long MAX_HOLD_MS = 60_000;

  /** Wall clock when the fixture starts; deliberately far from event time. */
  static final long WALL0 = 5_000_000L;

  /** The input task {@link #send(ServerWindowStats, long)} speaks for. */
  static final String SOURCE = "0_0";

  /** A partial that arrived after its window closed. */
  record Late(String pool, long requests) {}

  final KeyValueStore<String, ServerWindowStats> open;
  final KeyValueStore<String, PoolMembership> membership;
  final KeyValueStore<String, ConfigHistory> configs;
  final KeyValueStore<String, Long> watermarks;
  final List<Late> late = new ArrayList<>();
  private final Duration membershipTtl;
  private final Duration forgetAfter;
  MockProcessorContext<String, ClosedWindow> context;
  PoolWindowAssembler processor;

  private final Duration startupHold;

  AssemblerFixture(Duration membershipTtl, Duration forgetAfter) {
    this(membershipTtl, forgetAfter, Duration.ZERO);
  }

  AssemblerFixture(Duration membershipTtl, Duration forgetAfter, Duration startupHold) {
    this.membershipTtl = membershipTtl;
    this.forgetAfter = forgetAfter;
    this.startupHold = startupHold;
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(WALL0);
    open = store(PoolWindowAssembler.OPEN_WINDOWS, ServerWindowStats.class);
    membership = store(PoolWindowAssembler.MEMBERSHIP, PoolMembership.class);
    configs = store(ConfigHistoryUpdater.STORE, ConfigHistory.class);
    watermarks =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PoolWindowAssembler.SOURCE_WATERMARKS),
                Serdes.String(),
                Serdes.Long())
            .withLoggingDisabled()
            .build();
    watermarks.init(context.getStateStoreContext(), watermarks);
    start();
  }

  private <T extends org.apache.avro.specific.SpecificRecord> KeyValueStore<String, T> store(
      String name, Class<T> type) {
    KeyValueStore<String, T> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name), Serdes.String(), new InternalSerde<>(type))
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  private void start() {
    context.addStateStore(open);
    context.addStateStore(membership);
    context.addStateStore(configs);
    context.addStateStore(watermarks);
    processor =
        new PoolWindowAssembler(
            Duration.ofMillis(WINDOW_MS),
            Duration.ofMillis(GRACE_MS),
            membershipTtl,
            forgetAfter,
            TICK,
            Duration.ofMillis(MAX_HOLD_MS),
            startupHold,
            (pool, requests) -> late.add(new Late(pool, requests)));
    processor.init(context);
  }

  /**
   * A new processor instance and context on the same stores, as after a crash or rebalance; wall
   * clock kept.
   */
  void restart() {
    long wall = context.currentSystemTimeMs();
    processor.close();
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(wall);
    start();
  }

  /** Deploys a config version for {@code pool} into the config-history store. */
  void deploy(String pool, String version, long at, Map<String, Double> weights) {
    LbConfigChange change =
        LbConfigChange.newBuilder()
            .setPool(pool)
            .setVersion(version)
            .setTimestamp(Instant.ofEpochMilli(at))
            .setServers(weights)
            .build();
    configs.put(pool, ConfigTimeline.append(configs.get(pool), change));
  }

  /**
   * A partial of {@code count} requests (the first {@code errors5xx} of them 5xx) at 10 ms each.
   */
  static ServerWindowStats partial(
      String pool, String server, long windowStart, int count, int errors5xx) {
    ServerWindowAccumulator acc = new ServerWindowAccumulator();
    for (int i = 0; i < count; i++) {
      acc.add(windowStart + i, i < errors5xx ? 503 : 200, 10);
    }
    return acc.toStats(pool, server, windowStart, windowStart + WINDOW_MS);
  }

  /**
   * Sends a partial for the window starting at {@code windowStart}, stamped with {@code timestamp}.
   */
  void send(String pool, String server, long windowStart, int count, long timestamp) {
    send(partial(pool, server, windowStart, count, 0), timestamp);
  }

  /**
   * A partial from the input task {@value #SOURCE}, followed by that task's watermark at {@code
   * timestamp}.
   */
  void send(ServerWindowStats partial, long timestamp) {
    processor.process(new Record<>(partial.getPool(), partial, timestamp));
    watermark(SOURCE, timestamp);
  }

  /** A record as an input task forwarded it: a partial or a watermark. */
  void deliver(Record<String, ServerWindowStats> record) {
    processor.process(record);
  }

  /** A watermark record from input task {@code source}. */
  void watermark(String source, long timestamp) {
    watermark(source, timestamp, 0);
  }

  /**
   * A watermark record from input task {@code source}, one of {@code tasks} in its sub-topology.
   */
  void watermark(String source, long watermark, int tasks) {
    String key = Watermarks.key(source);
    ServerWindowStats value =
        new ServerWindowAccumulator().toStats(key, null, watermark, watermark);
    value.setCount(tasks);
    processor.process(
        new Record<>(key, value, Math.max(0, Math.min(watermark, Long.MAX_VALUE / 2))));
  }

  /** Advances the wall clock to {@code wallMs} and fires the wall-clock punctuator. */
  void wallClock(long wallMs) {
    context.setCurrentSystemTimeMs(wallMs);
    punctuator().getPunctuator().punctuate(wallMs);
  }

  CapturedPunctuator punctuator() {
    List<CapturedPunctuator> ps =
        context.scheduledPunctuators().stream()
            .filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
            .toList();
    if (ps.size() != 1) {
      throw new AssertionError("expected one wall-clock punctuator, got " + ps.size());
    }
    return ps.get(0);
  }

  /** Pools the assembler forgot (a null window forwarded), in order. */
  final List<String> forgotten = new ArrayList<>();

  /**
   * Every closed window forwarded since the last {@link #takeClosed()}; forgotten pools go to
   * {@link #forgotten}.
   */
  List<Record<String, ClosedWindow>> takeClosed() {
    List<Record<String, ClosedWindow>> out = new ArrayList<>();
    for (MockProcessorContext.CapturedForward<? extends String, ? extends ClosedWindow> f :
        context.forwarded()) {
      if (f.record().value() == null) {
        forgotten.add(f.record().key());
        continue;
      }
      out.add(new Record<>(f.record().key(), f.record().value(), f.record().timestamp()));
    }
    context.resetForwards();
    return out;
  }

  /** Window starts of the closed windows, for {@code pool}. */
  static List<Long> starts(List<Record<String, ClosedWindow>> closed, String pool) {
    return closed.stream()
        .filter(r -> r.key().equals(pool))
        .map(r -> r.value().windowStart())
        .toList();
  }

  static long window(int n) {
    return T0 + n * WINDOW_MS;
  }

  /** The earliest timestamp that closes window {@code n}. */
  static long closes(int n) {
    return window(n) + WINDOW_MS + GRACE_MS;
  }

  /** Server -> count of a closed window, in server order. */
  static Map<String, Long> counts(ClosedWindow w) {
    Map<String, Long> out = new LinkedHashMap<>();
    PoolObservation o = w.observation();
    o.servers().forEach(s -> out.put(s.server(), s.count()));
    return out;
  }

  static ClosedWindow single(List<Record<String, ClosedWindow>> closed) {
    assertThat(closed).hasSize(1);
    return closed.get(0).value();
  }
}
