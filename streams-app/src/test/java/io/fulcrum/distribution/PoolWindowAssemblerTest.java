package io.fulcrum.distribution;

import static io.fulcrum.distribution.AssemblerFixture.T0;
import static io.fulcrum.distribution.AssemblerFixture.TICK;
import static io.fulcrum.distribution.AssemblerFixture.WALL0;
import static io.fulcrum.distribution.AssemblerFixture.WINDOW_MS;
import static io.fulcrum.distribution.AssemblerFixture.closes;
import static io.fulcrum.distribution.AssemblerFixture.counts;
import static io.fulcrum.distribution.AssemblerFixture.partial;
import static io.fulcrum.distribution.AssemblerFixture.single;
import static io.fulcrum.distribution.AssemblerFixture.starts;
import static io.fulcrum.distribution.AssemblerFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.window.InputProgress;
import io.fulcrum.window.ServerWindowPreAggregator;
import io.fulcrum.window.WindowKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

class PoolWindowAssemblerTest {
  private static final String POOL = "web";
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final Duration FORGET_AFTER = Duration.ofSeconds(90);

  private final AssemblerFixture f = new AssemblerFixture(TTL, FORGET_AFTER);

  @Test
  void schedulesAWallClockPunctuatorEveryTick() {
    assertThat(f.punctuator().getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
    assertThat(f.punctuator().getInterval()).isEqualTo(TICK);
  }

  @Test
  void windowClosesOnlyOnceEventTimeReachesItsEndPlusGrace() {
    f.send(POOL, "web-1", window(0), 5, window(0) + 500);
    f.send(POOL, "web-1", window(1), 1, closes(0) - 1);
    assertThat(f.takeClosed()).isEmpty();

    f.send(POOL, "web-2", window(1), 1, closes(0));
    List<Record<String, ClosedWindow>> closed = f.takeClosed();
    assertThat(closed)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo(POOL);
              assertThat(r.timestamp()).isEqualTo(closes(0));
              ClosedWindow w = r.value();
              assertThat(w.pool()).isEqualTo(POOL);
              assertThat(w.windowStart()).isEqualTo(window(0));
              assertThat(w.windowEnd()).isEqualTo(window(1));
              assertThat(w.closedAt()).isEqualTo(closes(0));
              assertThat(counts(w)).containsExactly(Map.entry("web-1", 5L));
            });
  }

  @Test
  void eventTimeJumpClosesEveryDueWindowInOrder() {
    f.send(POOL, "web-1", window(0), 5, window(0) + 500);
    f.send(POOL, "web-1", window(4), 2, closes(3));
    List<Record<String, ClosedWindow>> closed = f.takeClosed();
    assertThat(starts(closed, POOL)).containsExactly(window(0), window(1), window(2), window(3));
    assertThat(closed)
        .extracting(r -> r.value().closedAt())
        .as("each at its own close time")
        .containsExactly(closes(0), closes(1), closes(2), closes(3));
    assertThat(closed.get(1).value().observation().requestCount()).isZero();
  }

  @Test
  void closedWindowListsADeclaredServerWithoutTrafficWithCountZero() {
    f.deploy(POOL, "v1", T0 - 60_000, Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 2.0));
    f.send(POOL, "web-1", window(0), 5, window(0) + 500);
    f.send(POOL, "web-2", window(0), 4, window(0) + 600);
    f.send(POOL, "web-1", window(1), 1, closes(0));

    ClosedWindow w = single(f.takeClosed());
    assertThat(counts(w))
        .containsExactly(Map.entry("web-1", 5L), Map.entry("web-2", 4L), Map.entry("web-3", 0L));
    assertThat(w.observation().declaredWeights()).containsOnlyKeys("web-1", "web-2", "web-3");
    assertThat(w.activeConfig())
        .hasValueSatisfying(c -> assertThat(c.getVersion()).isEqualTo("v1"));
  }

  @Test
  void declaredWeightsComeFromTheConfigActiveAtTheEndOfTheWindow() {
    f.deploy(POOL, "v1", T0 - 60_000, Map.of("web-1", 1.0, "web-2", 1.0));
    f.deploy(POOL, "v2", window(1) + 5_000, Map.of("web-1", 1.0, "web-3", 1.0));
    f.send(POOL, "web-1", window(0), 5, window(0) + 500);
    f.send(POOL, "web-1", window(1), 5, closes(0));
    f.send(POOL, "web-1", window(2), 5, closes(1));

    List<Record<String, ClosedWindow>> closed = f.takeClosed();
    assertThat(closed).hasSize(2);
    assertThat(closed.get(0).value().observation().declaredWeights())
        .containsOnlyKeys("web-1", "web-2");
    assertThat(closed.get(1).value().observation().declaredWeights())
        .containsOnlyKeys("web-1", "web-3");
    assertThat(closed.get(1).value().activeConfig())
        .hasValueSatisfying(c -> assertThat(c.getVersion()).isEqualTo("v2"));
  }

  @Test
  void closedWindowListsAServerSeenInAnEarlierWindowWithCountZero() {
    f.send(POOL, "web-1", window(0), 5, window(0) + 500);
    f.send(POOL, "web-2", window(0), 5, window(0) + 500);
    f.send(POOL, "web-1", window(1), 6, closes(0));
    f.send(POOL, "web-1", window(2), 1, closes(1));

    List<Record<String, ClosedWindow>> closed = f.takeClosed();
    assertThat(starts(closed, POOL)).containsExactly(window(0), window(1));
    assertThat(counts(closed.get(1).value()))
        .containsExactly(Map.entry("web-1", 6L), Map.entry("web-2", 0L));
    assertThat(closed.get(1).value().observation().declaredWeights()).isNull();
  }

  @Test
  void memberNotSeenForLongerThanTheTtlIsDropped() {
    f.send(POOL, "web-1", window(0), 5, window(0) + 500);
    f.send(POOL, "web-2", window(0), 5, window(0) + 500);
    for (int n = 1; n <= 8; n++) {
      f.send(POOL, "web-1", window(n), 5, closes(n - 1));
    }
    List<Record<String, ClosedWindow>> closed = f.takeClosed();
    assertThat(starts(closed, POOL)).containsExactlyElementsOf(range(0, 7));
    // web-2 last served in the window ending T0 + 10 s; the TTL is 60 s.
    long ttlWindows = TTL.toMillis() / WINDOW_MS;
    for (int n = 1; n <= ttlWindows; n++) {
      assertThat(counts(closed.get(n).value())).as("window %d", n).containsEntry("web-2", 0L);
    }
    assertThat(counts(closed.get((int) ttlWindows + 1).value())).containsOnlyKeys("web-1");
    assertThat(f.membership.get(POOL).getMembers()).containsOnlyKeys("web-1");
  }

  @Test
  void partialsOfTheSameServerAndWindowFromTwoFlushesAreSummed() {
    f.send(partial(POOL, "web-1", window(0), 3, 1), window(0) + 1_000);
    f.send(partial(POOL, "web-1", window(0), 4, 2), window(0) + 2_000);
    f.send(partial(POOL, null, window(0), 2, 2), window(0) + 2_000);
    f.send(partial(POOL, null, window(0), 1, 1), window(0) + 3_000);
    assertThat(keysOfWindow(window(0))).hasSize(2);
    f.send(POOL, "web-1", window(1), 1, closes(0));

    ClosedWindow w = single(f.takeClosed());
    ServerObservation web1 = w.observation().server("web-1");
    assertThat(web1.count()).isEqualTo(7);
    assertThat(web1.errors5xx()).isEqualTo(3);
    assertThat(web1.latency().count()).isEqualTo(7);
    assertThat(w.observation().noServerCount()).isEqualTo(3);
    assertThat(w.observation().servers())
        .extracting(ServerObservation::server)
        .containsExactly("web-1");
    assertThat(keysOfWindow(window(0))).as("closed window removed from the store").isEmpty();
    assertThat(keysOfWindow(window(1))).hasSize(1);
  }

  @Test
  void partialArrivingAfterItsWindowClosedIsCountedLateAndNotAdded() {
    f.send(POOL, "web-1", window(0), 5, window(0) + 500);
    f.send(POOL, "web-1", window(1), 1, closes(0));
    assertThat(single(f.takeClosed()).windowStart()).isEqualTo(window(0));

    f.send(POOL, "web-1", window(0), 7, closes(0) + 100);
    assertThat(f.late).containsExactly(new AssemblerFixture.Late(POOL, 7));
    assertThat(f.takeClosed()).as("no window is emitted again").isEmpty();
    assertThat(keysOfWindow(window(0))).isEmpty();

    f.send(POOL, "web-1", window(2), 1, closes(1));
    ClosedWindow next = single(f.takeClosed());
    assertThat(next.windowStart()).isEqualTo(window(1));
    assertThat(counts(next)).containsExactly(Map.entry("web-1", 1L));
  }

  @Test
  void wallClockDoesNothingBeforeTheFirstInput() {
    f.wallClock(WALL0 + 3_600_000);
    assertThat(f.takeClosed()).isEmpty();
  }

  @Test
  void poolSilentForLongerThanForgetAfterIsForgotten() {
    f.send("quiet", "q-1", window(0), 5, window(0) + 500);
    f.send("busy", "b-1", window(0), 5, window(0) + 500);
    for (int n = 1; n <= 13; n++) {
      f.send("busy", "b-1", window(n), 5, closes(n - 1));
    }
    List<Record<String, ClosedWindow>> closed = f.takeClosed();
    assertThat(starts(closed, "busy")).containsExactlyElementsOf(range(0, 12));
    // Last traffic: the window ending T0 + 10 s. Windows are reported while end - lastTraffic <= 90
    // s.
    assertThat(starts(closed, "quiet")).containsExactlyElementsOf(range(0, 9));
    assertThat(f.membership.get("quiet")).isNull();
    assertThat(f.membership.get("busy")).isNotNull();
    assertThat(f.forgotten)
        .as("downstream steps are told to forget it too")
        .containsExactly("quiet");

    f.wallClock(WALL0 + 600_000);
    assertThat(starts(f.takeClosed(), "quiet")).isEmpty();

    // Traffic after being forgotten starts the pool afresh, without its old members.
    f.send("quiet", "q-2", window(80), 2, window(80) + 100);
    f.send("busy", "b-1", window(81), 1, closes(80));
    List<Record<String, ClosedWindow>> again = f.takeClosed();
    assertThat(starts(again, "quiet")).containsExactly(window(80));
    assertThat(
            counts(
                again.stream()
                    .filter(r -> r.key().equals("quiet"))
                    .findFirst()
                    .orElseThrow()
                    .value()))
        .containsExactly(Map.entry("q-2", 2L));
  }

  @Test
  void restartedProcessorOnTheSameStoresContinuesWithTheNextWindow() {
    f.send(POOL, "web-1", window(0), 5, window(0) + 500);
    f.send(POOL, "web-2", window(0), 2, window(0) + 500);
    f.send(POOL, "web-1", window(1), 3, closes(0));
    List<Long> emitted = new ArrayList<>(starts(f.takeClosed(), POOL));
    assertThat(emitted).containsExactly(window(0));

    f.restart();
    f.send(POOL, "web-1", window(1), 4, closes(0) + 500);
    assertThat(f.takeClosed()).isEmpty();
    f.send(POOL, "web-1", window(2), 1, closes(1));
    List<Record<String, ClosedWindow>> afterRestart = f.takeClosed();
    assertThat(afterRestart).hasSize(1);
    ClosedWindow w1 = afterRestart.get(0).value();
    assertThat(w1.windowStart()).isEqualTo(window(1));
    assertThat(counts(w1))
        .as("sums from before and after the restart, members remembered")
        .containsExactly(Map.entry("web-1", 7L), Map.entry("web-2", 0L));
    emitted.addAll(starts(afterRestart, POOL));

    f.send(POOL, "web-1", window(4), 1, closes(3));
    emitted.addAll(starts(f.takeClosed(), POOL));
    assertThat(emitted).containsExactlyElementsOf(range(0, 3));
  }

  @Test
  void partialsFromThePreAggregatorAreAssembledIntoOnePoolWindow() {
    PreAgg pre = new PreAgg();
    pre.request(window(0) + 100, "web-1");
    pre.request(window(0) + 200, "web-2");
    pre.request(window(0) + 300, null);
    pre.request(window(0) + 1_200, "web-1"); // crosses the flush point
    pre.request(window(0) + 1_300, "web-1");
    pre.request(window(0) + 9_000, "web-2"); // second flush
    pre.request(window(1) + 5_000, "web-1"); // third flush, closes W0
    pre.drainInto(f);

    ClosedWindow w = single(f.takeClosed());
    assertThat(counts(w)).containsExactly(Map.entry("web-1", 3L), Map.entry("web-2", 2L));
    assertThat(w.observation().noServerCount()).isEqualTo(1);
    assertThat(f.late).isEmpty();
  }

  /**
   * A pool with a few requests per second in one input partition: its last requests of a window are
   * followed by a gap longer than the grace period. The pre-aggregator flushes them when the next
   * request arrives; their stamps stay below the window's close, so all of them are counted and the
   * next window's partial closes it.
   */
  @Test
  void requestsFollowedByAGapLongerThanGraceAreAllCountedInTheirWindow() {
    PreAgg pre = new PreAgg();
    for (int i = 0; i < 10; i++) {
      pre.request(window(0) + 8_000 + i * 100, i % 2 == 0 ? "web-1" : "web-2");
    }
    pre.request(
        window(1) + 2_500, "web-1"); // after a 3.6 s gap: flushes W0's sums stamped W1 + 2.5 s
    pre.request(window(1) + 9_000, "web-2");
    pre.request(window(2) + 5_000, "web-1");
    pre.drainInto(f);

    List<Record<String, ClosedWindow>> closed = f.takeClosed();
    assertThat(f.late).as("no request was late").isEmpty();
    assertThat(counts(closed.get(0).value()))
        .containsExactly(Map.entry("web-1", 5L), Map.entry("web-2", 5L));
  }

  /**
   * Event time lives only in a field: after a restart (crash, rebalance, deploy) it is unknown
   * until the first partial arrives, and {@code onWallClock} returns early while it is unknown. If
   * the input is silent at that moment (the load balancer or its log shipping is down: exactly when
   * POOL_SILENT matters) no window ever closes.
   */
  // ---- helpers

  private static List<Long> range(int first, int last) {
    return LongStream.rangeClosed(first, last).map(n -> window((int) n)).boxed().toList();
  }

  private List<String> keysOfWindow(long windowStart) {
    String prefix = WindowKeys.windowPrefix(POOL, windowStart);
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, ServerWindowStats> it =
        f.open.range(prefix, prefix + WindowKeys.END)) {
      it.forEachRemaining((KeyValue<String, ServerWindowStats> kv) -> keys.add(kv.key));
    }
    return keys;
  }

  /**
   * A real pre-aggregator (10 s windows, 1 s flush) whose forwarded partials are replayed into the
   * assembler.
   */
  private static final class PreAgg {
    final MockProcessorContext<String, ServerWindowStats> context = new MockProcessorContext<>();
    final ServerWindowPreAggregator processor =
        new ServerWindowPreAggregator(
            Duration.ofMillis(WINDOW_MS),
            Duration.ofMillis(AssemblerFixture.GRACE_MS),
            Duration.ofSeconds(1),
            Duration.ofMillis(AssemblerFixture.IDLE_CLOSE_MS),
            InputProgress.ALWAYS_CAUGHT_UP,
            "requests",
            Optional.empty());

    PreAgg() {
      processor.init(context);
    }

    void request(long ts, String server) {
      processor.process(
          new Record<>(
              null,
              new ParsedRequest(ts, POOL, server, server == null ? 503 : 200, 10, 1, "fe"),
              ts));
    }

    void drainInto(AssemblerFixture f) {
      for (MockProcessorContext.CapturedForward<? extends String, ? extends ServerWindowStats> fw :
          context.forwarded()) {
        f.send(fw.record().value(), fw.record().timestamp());
      }
      context.resetForwards();
    }
  }
}
