package io.fulcrum.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** The watermarks an input task announces: quiet, caught up, behind, or without records. */
class PreAggregatorWatermarkTest extends PreAggregatorTestBase {
  @Test
  void aQuietTaskThatHasReadItsPartitionThroughLetsItsWatermarkFollowTheWallClock() {
    send(T0 + 400, "web-1", 200, 10);
    context.resetForwards();
    wallClockTick(); // input since the last tick
    wallClockTick();
    wallClockTick();
    assertThat(watermarks()).containsExactly(T0 + 400, T0 + 400, T0 + 400);
    context.resetForwards();
    wallClockTick(); // 3 s without input
    wallClockTick();
    assertThat(watermarks()).containsExactly(T0 + 3_400, T0 + 4_400);

    context.resetForwards();
    send(T0 + 2_000, "web-1", 200, 10); // input again (a flush point): never lowered downstream
    wallClockTick();
    assertThat(watermarks()).containsExactly(T0 + 4_400, T0 + 4_400);
  }

  @Test
  void aQuietTaskThatHasNotReadItsPartitionThroughHoldsItsWatermark() {
    send(T0 + 400, "web-1", 200, 10);
    readThrough = false; // a backlog of garbage it is still parsing, or a broker it cannot reach
    context.resetForwards();
    for (int i = 0; i < 30; i++) {
      wallClockTick();
    }
    assertThat(watermarks()).hasSize(30).containsOnly(T0 + 400);
    assertThat(forwarded()).as("its window has not ended: nothing is sent").isEmpty();

    readThrough = true; // the broker is back and the backlog is read
    context.resetForwards();
    wallClockTick();
    assertThat(watermarks()).singleElement().isEqualTo(T0 + 400 + 30_000);
    assertThat(forwarded())
        .singleElement()
        .satisfies(r -> assertThat(r.value().getCount()).isEqualTo(1));
  }

  @Test
  void aMeasurementTakenBeforeTheLastRecordDoesNotCount() {
    long[] measuredAt = {InputProgress.NEVER};
    processor =
        new ServerWindowPreAggregator(
            WINDOW, GRACE, FLUSH, IDLE, (t, p, now) -> measuredAt[0], "requests", Optional.empty());
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(WALL0);
    processor.init(context);
    measuredAt[0] = WALL0; // caught up, then a record came
    send(T0 + 400, "web-1", 200, 10);
    context.resetForwards();
    for (int i = 0; i < 5; i++) {
      wallClockTick();
    }
    assertThat(watermarks()).containsOnly(T0 + 400);
  }

  @Test
  void aTaskThatRanOutOfOldRecordsAnnouncesAtLeastTheClockLessTheIdleTime() {
    long wall = T0 + 600_000; // its records are ten minutes old: it was catching up
    context.setCurrentSystemTimeMs(wall);
    send(T0 + 400, "web-1", 200, 10);
    for (int i = 0; i < 4; i++) {
      wallClockTick();
    }
    assertThat(watermarks()).last().isEqualTo(wall + 4_000 - 3_000);
    assertThat(forwarded())
        .as("its window ended long ago")
        .singleElement()
        .satisfies(r -> assertThat(r.timestamp()).isEqualTo(T0 + 10_000 + 2_000 - 1));
  }

  @Test
  void aTaskWithoutRecordsSaysWhetherItHasAnyToRead() {
    readThrough = false; // records to read, none read yet (still starting, or a backlog of garbage)
    wallClockTick();
    assertThat(watermarks()).containsExactly(Watermarks.HOLD);
    readThrough = true; // read to the end: its partition is empty
    context.resetForwards();
    wallClockTick();
    assertThat(watermarks()).containsExactly(Watermarks.EMPTY);
    assertThat(forwarded()).isEmpty();
    assertThat(everything()).allSatisfy(r -> assertThat(r.timestamp()).isNotNegative());
  }

  @Test
  void watermarksSayHowManyInputTasksTheSubTopologyHas() {
    processor =
        new ServerWindowPreAggregator(
            WINDOW,
            GRACE,
            FLUSH,
            IDLE,
            new InputProgress() {
              @Override
              public long caughtUpAt(String topic, int partition, long wallNow) {
                return wallNow;
              }

              @Override
              public int partitions(String topic) {
                return 12;
              }
            },
            "requests",
            Optional.empty());
    context = new MockProcessorContext<>();
    processor.init(context);
    send(T0 + 100, "web-1", 200, 10);
    assertThat(everything())
        .singleElement()
        .satisfies(r -> assertThat(Watermarks.tasks(r.value())).isEqualTo(12));
  }
}
