package io.fulcrum.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.ingest.ParsedRequest;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** Sums per pool, server and window, and when they are forwarded. */
class ServerWindowPreAggregatorTest extends PreAggregatorTestBase {
  @Test
  void schedulesOneWallClockPunctuatorEveryFlushInterval() {
    assertThat(context.scheduledPunctuators()).hasSize(1);
    CapturedPunctuator p = context.scheduledPunctuators().get(0);
    assertThat(p.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
    assertThat(p.getInterval()).isEqualTo(FLUSH);
  }

  @Test
  void sumsCountsErrorsAndLatencyPerServerAndWindow() {
    send(T0 + 100, "web-1", 200, 10);
    send(T0 + 200, "web-1", 503, 30);
    send(T0 + 300, "web-1", 404, 20);
    send(T0 + 400, "web-2", 200, 5);
    send(T0 + 450, "web-2", 500, 9);
    idleUntilFlushed();

    List<Record<String, ServerWindowStats>> out = forwarded();
    assertThat(out).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo(POOL));
    ServerWindowStats web1 = byServer(out, "web-1");
    assertThat(web1.getPool()).isEqualTo(POOL);
    assertThat(web1.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
    assertThat(web1.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 10_000));
    assertThat(web1.getCount()).isEqualTo(3);
    assertThat(web1.getErrors5xx()).isEqualTo(1);
    assertThat(web1.getErrors4xx()).isEqualTo(1);
    assertThat(web1.getLatencySumMs()).isEqualTo(60);
    assertThat(web1.getLatencyMaxMs()).isEqualTo(30);
    assertThat(web1.getMaxEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 300));
    assertThat(sketch(web1).count()).isEqualTo(3);

    ServerWindowStats web2 = byServer(out, "web-2");
    assertThat(web2.getCount()).isEqualTo(2);
    assertThat(web2.getErrors5xx()).isEqualTo(1);
    assertThat(web2.getErrors4xx()).isZero();
    assertThat(web2.getLatencySumMs()).isEqualTo(14);
    assertThat(web2.getLatencyMaxMs()).isEqualTo(9);
    assertThat(web2.getMaxEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 450));
  }

  @Test
  void keepsPoolsApart() {
    send(T0 + 100, "web-1", 200, 10);
    processor.process(
        new Record<>(
            null, new ParsedRequest(T0 + 200, "api", "web-1", 200, 10, 10, "fe"), T0 + 200));
    idleUntilFlushed();

    List<Record<String, ServerWindowStats>> out = forwarded();
    assertThat(out).extracting(Record::key).containsExactlyInAnyOrder("web", "api");
    assertThat(out)
        .allSatisfy(
            r -> {
              assertThat(r.value().getPool()).isEqualTo(r.key());
              assertThat(r.value().getCount()).isEqualTo(1);
            });
  }

  @Test
  void requestWithoutServerIsForwardedWithNullServer() {
    send(T0 + 100, null, 503, 0);
    send(T0 + 150, null, 503, 1);
    send(T0 + 200, "web-1", 200, 10);
    idleUntilFlushed();

    List<Record<String, ServerWindowStats>> out = forwarded();
    assertThat(out).hasSize(2);
    ServerWindowStats noServer = byServer(out, null);
    assertThat(noServer.getCount()).isEqualTo(2);
    assertThat(noServer.getErrors5xx()).isEqualTo(2);
    assertThat(noServer.getServer()).isNull();
    assertThat(byServer(out, "web-1").getCount()).isEqualTo(1);
  }

  @Test
  void nothingIsForwardedBeforeTheFirstFlushPoint() {
    send(T0 + 100, "web-1", 200, 10);
    send(T0 + 600, "web-2", 200, 10);
    send(T0 + 1_099, "web-1", 200, 10); // first flush point is first event + 1 s = T0 + 1100
    send(T0 + 50, "web-1", 200, 10); // older events never flush
    assertThat(forwarded()).isEmpty();
    assertThat(watermarks()).as("the first request announces the task").containsExactly(T0 + 100);
  }

  @Test
  void eventTimeFlushPointsBeforeAnyWindowEndsSendOnlyTheWatermark() {
    send(T0 + 100, "web-1", 200, 10);
    send(
        T0 + 1_100,
        "web-2",
        200,
        10); // flush point T0 + 100 + 1 s, but window T0 runs until T0 + 10 s
    send(T0 + 5_000, "web-1", 200, 10);
    send(T0 + 9_999, "web-2", 200, 10); // flush point, last millisecond of the window
    assertThat(forwarded()).isEmpty();
    assertThat(watermarks()).containsExactly(T0 + 100, T0 + 1_100, T0 + 5_000, T0 + 9_999);
  }

  @Test
  void aWallClockTickSendsTheWatermarkButKeepsTheOpenWindowsSums() {
    send(T0 + 100, "web-1", 200, 10);
    send(T0 + 400, "web-2", 200, 10);
    context.resetForwards();
    wallClockTick();
    wallClockTick();
    assertThat(forwarded())
        .as("the window has not ended: its sums wait, durable in the store")
        .isEmpty();
    List<Record<String, ServerWindowStats>> all = everything();
    assertThat(all)
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.key()).isEqualTo(Watermarks.key(context.taskId().toString()));
              assertThat(r.timestamp()).isEqualTo(T0 + 400);
              assertThat(r.value().getCount()).isZero();
            });
    assertThat(Watermarks.source(all.get(0).key())).isEqualTo("0_0");
  }

  @Test
  void anEndedWindowIsFlushedAtTheNextEventTimePointAndItsStragglersAtTheFollowingOnes() {
    send(T0 + 100, "web-1", 200, 10);
    send(T0 + 700, "web-2", 200, 10);
    send(T0 + 300, "web-3", 200, 10); // out of order: the watermark stays at T0 + 700
    send(
        T0 + 10_500, "web-1", 200, 10); // flush point after window T0 ended; next point T0 + 11_500
    List<Record<String, ServerWindowStats>> ended = forwarded();
    assertThat(ended)
        .extracting(r -> r.value().getServer())
        .containsExactlyInAnyOrder("web-1", "web-2", "web-3");
    assertThat(ended)
        .allSatisfy(
            r -> {
              assertThat(r.value().getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
              assertThat(r.value().getCount()).isEqualTo(1);
              assertThat(r.timestamp()).isEqualTo(T0 + 10_500);
            });
    assertThat(everything())
        .last()
        .satisfies(r -> assertThat(Watermarks.isWatermark(r.key())).isTrue());

    context.resetForwards();
    send(T0 + 9_800, "web-2", 500, 10); // a straggler of window T0
    send(T0 + 11_000, "web-3", 200, 10);
    assertThat(context.forwarded()).isEmpty();
    send(T0 + 11_999, "web-2", 200, 10); // flush point; window T0 closes at T0 + 12 s, not yet
    assertThat(forwarded())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.value().getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
              assertThat(r.value().getServer()).isEqualTo("web-2");
              assertThat(r.value().getErrors5xx()).isEqualTo(1);
              assertThat(r.timestamp()).isEqualTo(T0 + 11_999);
            });

    context.resetForwards();
    send(T0 + 12_500, "web-3", 200, 10);
    send(
        T0 + 13_000,
        "web-1",
        200,
        10); // flush point where window T0 can close: the open window stays
    assertThat(forwarded()).isEmpty();
    assertThat(watermarks()).containsExactly(T0 + 13_000);

    // The open window goes once it has ended.
    context.resetForwards();
    idleUntilFlushed();
    List<Record<String, ServerWindowStats>> rest = forwarded();
    assertThat(rest)
        .extracting(r -> r.value().getServer())
        .containsExactlyInAnyOrder("web-1", "web-2", "web-3");
    assertThat(byServer(rest, "web-1").getCount()).isEqualTo(2);
    assertThat(byServer(rest, "web-2").getCount()).isEqualTo(1);
    assertThat(byServer(rest, "web-3").getCount()).isEqualTo(2);
    assertThat(rest)
        .allSatisfy(
            r ->
                assertThat(r.value().getWindowStart())
                    .isEqualTo(Instant.ofEpochMilli(T0 + 10_000)));
  }

  @Test
  void requestsForAWindowThatCouldAlreadyCloseAreSentAsANewSum() {
    send(T0 + 100, "web-1", 200, 10);
    send(T0 + 12_000, "web-1", 200, 10); // window T0 can close: flushed and forgotten
    context.resetForwards();
    send(T0 + 9_000, "web-2", 200, 10); // too late for this task's own watermark
    send(T0 + 13_000, "web-1", 200, 10); // next flush point
    assertThat(inWindow(forwarded(), T0))
        .singleElement()
        .satisfies(s -> assertThat(s.getServer()).isEqualTo("web-2"));
  }

  @Test
  void twoWindowsOpenAtOnceAreBothFlushedWhenTheyEnd() {
    send(T0 + 9_500, "web-1", 200, 10);
    send(T0 + 9_900, "web-2", 200, 10);
    send(T0 + 10_200, "web-1", 200, 10);
    assertThat(forwarded()).isEmpty();

    send(
        T0 + 10_500,
        "web-1",
        200,
        10); // flush point: T0 + 9500 + 1 s; window T0 has ended, T0 + 10 s not
    List<Record<String, ServerWindowStats>> first = forwarded();
    assertThat(first).hasSize(2).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(T0 + 10_500));
    assertThat(inWindow(first, T0))
        .extracting(ServerWindowStats::getServer)
        .containsExactlyInAnyOrder("web-1", "web-2");
    assertThat(inWindow(first, T0))
        .allSatisfy(
            s -> {
              assertThat(s.getCount()).isEqualTo(1);
              assertThat(s.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 10_000));
            });
    context.resetForwards();
    idleUntilFlushed();
    assertThat(inWindow(forwarded(), T0 + 10_000))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getServer()).isEqualTo("web-1");
              assertThat(s.getCount()).isEqualTo(2);
              assertThat(s.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 20_000));
            });
  }

  @Test
  void outOfOrderRequestsWithinAWindowLandInTheirOwnWindow() {
    send(T0 + 10_100, "web-1", 200, 10);
    send(T0 + 9_900, "web-1", 500, 20); // older, previous window
    send(T0 + 10_050, "web-1", 200, 10);
    send(T0 + 9_999, "web-1", 200, 40); // last millisecond of the previous window
    idleUntilFlushed();

    List<Record<String, ServerWindowStats>> out = forwarded();
    ServerWindowStats older = inWindow(out, T0).get(0);
    assertThat(older.getCount()).isEqualTo(2);
    assertThat(older.getErrors5xx()).isEqualTo(1);
    assertThat(older.getLatencyMaxMs()).isEqualTo(40);
    assertThat(older.getMaxEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 9_999));
    ServerWindowStats newer = inWindow(out, T0 + 10_000).get(0);
    assertThat(newer.getCount()).isEqualTo(2);
    assertThat(newer.getErrors5xx()).isZero();
    assertThat(newer.getMaxEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 10_100));
  }

  @Test
  void negativeLatencyCountsTheRequestButNotTheLatency() {
    send(T0 + 100, "web-1", -1, -1); // HAProxy aborted connection
    send(T0 + 200, "web-1", 200, 12);
    idleUntilFlushed();

    ServerWindowStats s = byServer(forwarded(), "web-1");
    assertThat(s.getCount()).isEqualTo(2);
    assertThat(s.getErrors5xx()).isZero();
    assertThat(s.getErrors4xx()).isZero();
    assertThat(s.getLatencySumMs()).isEqualTo(12);
    assertThat(sketch(s).count()).isEqualTo(1);
  }
}
