package io.fulcrum.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.ServerWindowStats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * For the fast path, pools with a recent config change also get their requests and 5xx per
 * one-second slice sent as each slice ends, before the watermark that passes it; other pools get
 * none; the window sums are unchanged by it.
 */
class PreAggregatorSlicingTest extends PreAggregatorTestBase {
  private final Set<String> changed = Set.of(POOL);

  @BeforeEach
  void withSlicing() {
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(WALL0);
    var slicing =
        new ServerWindowPreAggregator.Slicing(
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            ctx -> (pool, from, to) -> changed.contains(pool));
    processor =
        new ServerWindowPreAggregator(
            WINDOW,
            GRACE,
            FLUSH,
            IDLE,
            (topic, partition, wallNow) -> wallNow,
            "requests",
            Optional.empty(),
            Optional.of(slicing));
    processor.init(context);
  }

  private List<ServerWindowStats> slices() {
    return forwarded().stream()
        .map(Record::value)
        .filter(s -> Slices.isSlice(s, WINDOW.toMillis()))
        .toList();
  }

  @Test
  void aWatchedPoolsSlicesAreSentAsEachEndsWithTheirCountsAndErrors() {
    send(T0 + 100, "web-1", 200, 5);
    send(T0 + 200, "web-1", 503, 5);
    send(T0 + 300, "web-2", 200, 5);
    send(
        T0 + 1_100, "web-1", 200, 5); // ends slice 0 (the flush interval is a second of event time)
    assertThat(slices())
        .extracting(
            ServerWindowStats::getServer,
            ServerWindowStats::getCount,
            ServerWindowStats::getErrors5xx)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("web-1", 2L, 1L),
            org.assertj.core.groups.Tuple.tuple("web-2", 1L, 0L));
    assertThat(slices())
        .allSatisfy(
            s -> {
              assertThat(s.getWindowStart().toEpochMilli()).isEqualTo(T0);
              assertThat(s.getWindowEnd().toEpochMilli()).isEqualTo(T0 + 1_000);
            });
    // ...and before the watermark that passes the slice's end.
    List<Record<String, ServerWindowStats>> all = everything();
    int lastSlice = all.size() - 1;
    while (!Slices.isSlice(all.get(lastSlice).value(), WINDOW.toMillis())
        || Watermarks.isWatermark(all.get(lastSlice).key())) {
      lastSlice--;
    }
    assertThat(all.subList(lastSlice, all.size()))
        .anySatisfy(r -> assertThat(Watermarks.isWatermark(r.key())).isTrue());
  }

  @Test
  void aPoolWithNoRecentChangeSendsNoSlicesAndTheWindowSumsAreTheSameEitherWay() {
    sendTo("quiet-pool", T0 + 100, "web-1", 200, 5);
    send(T0 + 150, "web-1", 200, 5);
    sendTo("quiet-pool", T0 + 1_500, "web-1", 200, 5);
    idleUntilFlushed();

    assertThat(slices()).allSatisfy(s -> assertThat(s.getPool()).isEqualTo(POOL));
    List<ServerWindowStats> windows =
        forwarded().stream()
            .map(Record::value)
            .filter(s -> !Slices.isSlice(s, WINDOW.toMillis()))
            .toList();
    assertThat(windows)
        .extracting(ServerWindowStats::getPool, ServerWindowStats::getCount)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("quiet-pool", 2L),
            org.assertj.core.groups.Tuple.tuple(POOL, 1L));
  }

  @Test
  void eachSliceIsSentOnce() {
    for (int i = 0; i < 50; i++) {
      send(T0 + i * 200L, "web-" + (1 + i % 2), 200, 5);
    }
    idleUntilFlushed();
    assertThat(slices()).hasSize(20); // 10 s of slices, two servers
    assertThat(slices())
        .extracting(s -> s.getWindowStart().toEpochMilli() + "/" + s.getServer())
        .doesNotHaveDuplicates();
    assertThat(slices().stream().mapToLong(ServerWindowStats::getCount).sum()).isEqualTo(50);
  }

  @Test
  void aSlowRequestWhoseSliceWasSentIsCountedInTheNextSliceNotLost() {
    send(T0 + 100, "web-1", 200, 5);
    send(T0 + 1_100, "web-2", 200, 5); // slice 0 goes
    send(T0 + 900, "web-1", 503, 3_000); // its line came late: slice 0 is gone
    send(T0 + 2_100, "web-2", 200, 5); // slice 1 goes, with it
    idleUntilFlushed();

    List<ServerWindowStats> sent = slices();
    assertThat(sent.stream().mapToLong(ServerWindowStats::getCount).sum())
        .as("every request in some slice")
        .isEqualTo(4);
    assertThat(sent)
        .filteredOn(x -> x.getWindowStart().toEpochMilli() == T0 + 1_000)
        .extracting(
            ServerWindowStats::getServer,
            ServerWindowStats::getCount,
            ServerWindowStats::getErrors5xx)
        .contains(org.assertj.core.groups.Tuple.tuple("web-1", 1L, 1L));
  }
}
