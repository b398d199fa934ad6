package io.fulcrum.distribution;

import static io.fulcrum.distribution.AssemblerFixture.MAX_HOLD_MS;
import static io.fulcrum.distribution.AssemblerFixture.WALL0;
import static io.fulcrum.distribution.AssemblerFixture.closes;
import static io.fulcrum.distribution.AssemblerFixture.counts;
import static io.fulcrum.distribution.AssemblerFixture.single;
import static io.fulcrum.distribution.AssemblerFixture.starts;
import static io.fulcrum.distribution.AssemblerFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.window.Watermarks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * A pool window waits for every input task that may still send sums for it, up to the maximum hold.
 */
class PoolWindowAssemblerInputTasksTest {
  private static final String POOL = "web";
  private final AssemblerFixture f =
      new AssemblerFixture(Duration.ofSeconds(60), Duration.ofSeconds(90));

  @Test
  void theWallClockAloneClosesNothingWhileAnInputTaskIsSilent() {
    f.send(POOL, "web-1", window(0), 5, window(0) + 500);
    f.send(
        POOL,
        "web-1",
        window(1),
        3,
        closes(0) - 1_000); // event time stops 1 s before W0's close point
    for (long t = WALL0 + 1_000; t < WALL0 + MAX_HOLD_MS; t += 1_000) {
      f.wallClock(t); // a restart, a rebalance, a broker outage: its sums may still come
    }
    assertThat(f.takeClosed()).isEmpty();
    f.send(POOL, "web-1", window(0), 2, closes(0)); // they did
    ClosedWindow w0 = single(f.takeClosed());
    assertThat(counts(w0)).containsExactly(Map.entry("web-1", 7L));
    assertThat(f.late).isEmpty();
  }

  @Test
  void aSilentInputTaskIsLeftOutAfterTheMaximumHoldAndItsLateSumsAreCounted() {
    f.send(POOL, "web-1", window(0), 5, window(0) + 500);
    f.watermark("0_1", window(0) + 600); // a second input task, which then falls silent
    f.wallClock(WALL0 + 1_000);
    f.send(POOL, "web-1", window(1), 3, closes(1));
    assertThat(f.takeClosed()).as("task 0_1 holds every window").isEmpty();

    f.wallClock(WALL0 + MAX_HOLD_MS);
    assertThat(starts(f.takeClosed(), POOL))
        .as("after fulcrum.input.max-hold they close without it")
        .containsExactly(window(0), window(1));

    f.deliver(
        new Record<>(
            POOL, AssemblerFixture.partial(POOL, "web-2", window(0), 4, 0), window(0) + 700));
    assertThat(f.late).containsExactly(new AssemblerFixture.Late(POOL, 4));
    f.watermark("0_1", closes(2)); // heard from again: it holds windows back as before
    f.send(POOL, "web-1", window(3), 1, closes(3));
    assertThat(starts(f.takeClosed(), POOL)).containsExactly(window(2));
  }

  @Test
  void windowsWaitUntilEveryInputTaskOfASubTopologyHasSpoken() {
    f.watermark("1_0", window(0) + 100, 2);
    f.send(POOL, "web-1", window(0), 5, closes(1)); // task 0_0 is far ahead
    f.watermark("1_0", closes(1), 2);
    assertThat(f.takeClosed()).as("input task 1_1 has not spoken yet").isEmpty();
    f.watermark("1_1", Watermarks.HOLD, 2);
    assertThat(f.takeClosed()).as("1_1 runs, but has read nothing yet").isEmpty();
    f.watermark("1_1", Watermarks.EMPTY, 2);
    assertThat(starts(f.takeClosed(), POOL))
        .as("1_1 has nothing to read")
        .containsExactly(window(0), window(1));
    f.watermark("1_1", window(1) + 500, 2); // its first record: it counts from now on
    f.send(POOL, "web-1", window(3), 1, closes(3));
    assertThat(f.takeClosed()).isEmpty();
  }

  @Test
  void aNewPoolsEarlierWindowFromALaggingTaskIsNotLate() {
    f.watermark("0_1", window(0)); // task 0_1 is behind
    f.send(
        POOL, "web-1", window(1), 5, window(1) + 500); // task 0_0 first sees the pool in window 1
    f.deliver(
        new Record<>(
            POOL, AssemblerFixture.partial(POOL, "web-2", window(0), 4, 0), window(0) + 900));
    f.watermark("0_1", closes(1));
    f.send(POOL, "web-1", window(2), 1, closes(1));
    assertThat(f.late).isEmpty();
    List<Record<String, ClosedWindow>> closed = f.takeClosed();
    assertThat(starts(closed, POOL)).containsExactly(window(0), window(1));
    assertThat(counts(closed.get(0).value())).containsEntry("web-2", 4L);
  }

  @Test
  void afterARestartWindowsWaitForTheRestoredInputTasks() {
    f.send(POOL, "web-1", window(0), 5, window(0) + 500);
    f.send(POOL, "web-1", window(1), 5, closes(0));
    assertThat(starts(f.takeClosed(), POOL)).containsExactly(window(0));

    f.restart();
    long wall = f.context.currentSystemTimeMs();
    for (long t = wall + 1_000; t <= wall + 30_000; t += 1_000) {
      f.wallClock(t);
    }
    assertThat(f.takeClosed())
        .as("the input task is remembered, and its sums for window 1 are still due")
        .isEmpty();
    f.send(POOL, "web-1", window(1), 2, closes(1));
    ClosedWindow w1 = single(f.takeClosed());
    assertThat(counts(w1)).containsExactly(Map.entry("web-1", 7L));
  }
}
