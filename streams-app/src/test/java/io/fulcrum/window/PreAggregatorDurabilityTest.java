package io.fulcrum.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.InternalSerde;
import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.ingest.ParsedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pre-aggregator under exactly-once, modelled: a commit runs the pre-commit hook and makes what
 * was forwarded since the last one final; a crash throws away the uncommitted forwards, gives a new
 * processor the stores as of the last commit (what a changelog restore yields), and replays the
 * input from the committed offset. Whatever the crash points, the committed partials add up to the
 * input exactly: nothing lost, nothing counted twice.
 */
class PreAggregatorDurabilityTest {
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final long T0 = 1_700_000_000_000L;
  private static final String SUMS = "sums";
  private static final String HOOK = "hook";

  private final PreCommitHooks hooks = new PreCommitHooks();
  private final KeyValueStore<String, ServerWindowStats> sums =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(SUMS),
              Serdes.String(),
              new InternalSerde<>(ServerWindowStats.class))
          .withLoggingDisabled()
          .build();

  /** Absorbs the processor's markers; {@link #commit()} plays the cache flush. */
  private final KeyValueStore<Bytes, byte[]> hook =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(HOOK), Serdes.Bytes(), Serdes.ByteArray())
          .withLoggingDisabled()
          .build();

  private MockProcessorContext<String, ServerWindowStats> context;
  private ServerWindowPreAggregator processor;
  private long wall = 5_000_000L;
  private final List<Record<String, ServerWindowStats>> committed = new ArrayList<>();

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void committedPartialsAddUpToTheInputWhateverTheCrashPoints(long seed) {
    Random random = new Random(seed);
    List<ParsedRequest> input = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      // Mostly in order at 10 ms apart, some up to 3 s out of order, over 5 pools and 4 servers
      // (and no server).
      long t = T0 + i * 10L - (random.nextInt(10) == 0 ? random.nextInt(3_000) : 0);
      int server = random.nextInt(5);
      input.add(
          new ParsedRequest(
              t,
              "pool-" + random.nextInt(5),
              server == 4 ? null : "s" + server,
              random.nextInt(20) == 0 ? 503 : 200,
              random.nextInt(500),
              100,
              null));
    }
    start();
    int committedOffset = 0;
    int crashes = 0;
    for (int i = 0; i < input.size(); i++) {
      processor.process(new Record<>(null, input.get(i), input.get(i).timestampMs()));
      if (random.nextInt(50) == 0) {
        tick();
      }
      if (random.nextInt(120) == 0) {
        commit();
        committedOffset = i + 1;
      } else if (random.nextInt(400) == 0) {
        crashes++;
        start(); // uncommitted forwards and state are gone; read again from the committed offset
        i = committedOffset - 1;
      }
    }
    for (int t = 0; t < 20; t++) {
      tick(); // quiet and read through: every window ends and is sent
    }
    commit();

    assertThat(crashes).as("the seed crashes the task at least once").isPositive();
    assertThat(sumsByWindow(committed)).isEqualTo(truth(input));
    assertThat(sums.approximateNumEntries())
        .as("only the watermarks are left in the store")
        .isEqualTo(2);
  }

  @Test
  void aRestartedTaskAnnouncesTheWatermarkItHadReached() {
    start();
    processor.process(request(T0 + 4_000, "s1"));
    commit();
    start();
    tick();
    assertThat(watermarks()).containsExactly(T0 + 4_000);
  }

  @Test
  void aSumSentAndCommittedIsNotSentAgainAfterARestart() {
    start();
    processor.process(request(T0 + 100, "s1"));
    processor.process(request(T0 + 11_500, "s1")); // window T0 has ended: sent at this flush point
    commit();
    start();
    for (int t = 0; t < 20; t++) {
      tick();
    }
    commit();
    assertThat(sumsByWindow(committed))
        .isEqualTo(Map.of("pool|s1|" + T0, 1L, "pool|s1|" + (T0 + 10_000), 1L));
  }

  private static Record<byte[], ParsedRequest> request(long t, String server) {
    return new Record<>(null, new ParsedRequest(t, "pool", server, 200, 10, 100, null), t);
  }

  /**
   * A new task on the stores as of the last commit, as after a crash, a rebalance or a restart
   * elsewhere.
   */
  private void start() {
    if (processor != null) {
      processor.close();
    }
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(wall);
    sums.init(context.getStateStoreContext(), sums);
    hook.init(context.getStateStoreContext(), hook);
    context.addStateStore(sums);
    context.addStateStore(hook);
    processor =
        new ServerWindowPreAggregator(
            WINDOW,
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            InputProgress.ALWAYS_CAUGHT_UP,
            "requests",
            Optional.of(new ServerWindowPreAggregator.Durability(SUMS, HOOK, hooks)));
    processor.init(context);
  }

  private void tick() {
    wall += 1_000;
    context.setCurrentSystemTimeMs(wall);
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(wall);
  }

  /** The cache flush runs the hook, then what was forwarded becomes final. */
  @SuppressWarnings("unchecked")
  private void commit() {
    hooks.run(context.taskId(), HOOK);
    context.forwarded().forEach(f -> committed.add((Record<String, ServerWindowStats>) f.record()));
    context.resetForwards();
  }

  private List<Long> watermarks() {
    return context.forwarded().stream()
        .filter(f -> Watermarks.isWatermark((String) f.record().key()))
        .map(f -> f.record().timestamp())
        .toList();
  }

  private static Map<String, Long> sumsByWindow(List<Record<String, ServerWindowStats>> partials) {
    Map<String, Long> out = new TreeMap<>();
    for (Record<String, ServerWindowStats> r : partials) {
      if (!Watermarks.isWatermark(r.key())) {
        ServerWindowStats s = r.value();
        out.merge(
            s.getPool() + "|" + s.getServer() + "|" + s.getWindowStart().toEpochMilli(),
            s.getCount(),
            Long::sum);
      }
    }
    return out;
  }

  private static Map<String, Long> truth(List<ParsedRequest> input) {
    Map<String, Long> out = new TreeMap<>();
    for (ParsedRequest r : input) {
      long start = r.timestampMs() - Math.floorMod(r.timestampMs(), WINDOW.toMillis());
      out.merge(r.pool() + "|" + r.server() + "|" + start, 1L, Long::sum);
    }
    return out;
  }
}
