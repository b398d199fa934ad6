package io.fulcrum.distribution;

import static io.fulcrum.distribution.AssemblerFixture.T0;
import static io.fulcrum.distribution.AssemblerFixture.WALL0;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.window.InputProgress;
import io.fulcrum.window.ServerWindowPreAggregator;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * Two input tasks pre-aggregate their halves of a pool's traffic and one assembler merges what they
 * send, in the order they sent it. Both start together; task B gets through its backlog more slowly
 * than A, so it falls further and further behind in event time, as stream threads drift apart in a
 * catch-up. The assembler closes a window only once both tasks' watermarks are past it, so a
 * lagging task loses nothing. A task whose input goes quiet (and is read through) holds nothing
 * back; a task that is gone holds windows until it is back, or for {@code fulcrum.input.max-hold}
 * at most.
 */
class LaggingInputTasksTest {
  private static final Duration FLUSH = Duration.ofSeconds(1);
  private static final int STEP_MS = 50;
  private static final long END = T0 + 60_000;
  private static final long PER_WINDOW = AssemblerFixture.WINDOW_MS / STEP_MS;

  @Test
  void aTaskFallingBehindByMoreThanTheGraceLosesNothing() {
    Run run = new Run(0.9); // 6 s behind at the end
    run.play(END, END);
    assertThat(run.fixture.late).isEmpty();
    assertThat(run.closedCounts())
        .as("every closed window has both tasks' requests")
        .hasSize(6)
        .containsOnly(2 * PER_WINDOW);
  }

  @Test
  void aTaskFallingBehindByMoreThanAWholeWindowLosesNothing() {
    Run run = new Run(0.5); // 30 s behind when A has finished
    run.play(END, END);
    assertThat(run.fixture.late).isEmpty();
    assertThat(run.closedCounts()).hasSize(6).containsOnly(2 * PER_WINDOW);
  }

  @Test
  void aTaskWhoseInputGoesQuietHoldsNoWindowBack() {
    Run run = new Run(1);
    run.play(END, T0 + 15_000);
    assertClosedOnTime(run);
  }

  @Test
  void aTaskThatIsGoneHoldsWindowsBackUntilTheMaximumHoldThenTheyCloseWithoutIt() {
    Run run = new Run(1);
    run.bGoneAt =
        T0 + 16_000; // its instance dies a second after its last input; its task has not moved yet
    run.play(END, T0 + 15_000);
    assertThat(run.fixture.takeClosed())
        .as("only what B's last watermark allows: its sums are still to come")
        .extracting(r -> r.value().windowStart())
        .containsExactly(T0);
    long silentSince = WALL0 + 15_000; // its last tick
    run.fixture.wallClock(silentSince + AssemblerFixture.MAX_HOLD_MS - 1_000);
    assertThat(run.fixture.takeClosed()).isEmpty();
    run.fixture.wallClock(silentSince + AssemblerFixture.MAX_HOLD_MS);
    assertThat(run.fixture.takeClosed())
        .as("left out after fulcrum.input.max-hold: A's watermark closes them")
        .extracting(r -> r.value().windowStart())
        .containsExactly(T0 + 10_000, T0 + 20_000, T0 + 30_000, T0 + 40_000, T0 + 50_000);
  }

  private static void assertClosedOnTime(Run run) {
    assertThat(run.fixture.late).isEmpty();
    List<Record<String, ClosedWindow>> closed = run.fixture.takeClosed();
    assertThat(closed).hasSize(6);
    assertThat(closed.get(2).value().windowStart()).isEqualTo(T0 + 20_000);
    assertThat(closed.get(2).value().closedAt()).isEqualTo(T0 + 32_000);
    assertThat(run.closedAtWall.get(2) - WALL0)
        .as("window 2 closes on time although task B sends nothing for it")
        .isBetween(32_000L, 34_000L);
    assertThat(count(closed.get(1)))
        .as("B's last requests are in window 1")
        .isEqualTo(PER_WINDOW + PER_WINDOW / 2);
    assertThat(count(closed.get(2))).isEqualTo(PER_WINDOW);
  }

  @Test
  void aRestartedPoolTaskRemembersALaggingTasksWatermark() {
    Run run = new Run(0.8); // B at 24 s when A is at 30 s
    run.play(END, END, T0 + 30_000);
    assertThat(run.fixture.takeClosed())
        .extracting(r -> r.value().windowStart())
        .containsExactly(T0, T0 + 10_000);
    run.fixture.restart();
    // After the restart only the task ahead has sent anything yet; the lagging one is still
    // catching up.
    run.a.resetForwards();
    run.taskA.process(request(T0 + 34_000, "web-1"));
    run.taskA.process(request(T0 + 36_000, "web-1"));
    run.deliver(run.a);
    assertThat(run.fixture.takeClosed())
        .as("window 2 waits for task B, remembered across the restart")
        .isEmpty();
  }

  @Test
  void aFreshPoolTaskWaitsForInputTasksThatStartLaterInACatchUp() {
    AssemblerFixture fixture =
        new AssemblerFixture(
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            Duration.ofMillis(AssemblerFixture.IDLE_CLOSE_MS));
    Run run = new Run(1);
    // Task A gets through 30 s of backlog before task B has processed its first record.
    for (long t = T0; t < T0 + 30_000; t += STEP_MS) {
      run.taskA.process(request(t, "web-1"));
    }
    run.deliverTo(fixture, run.a);
    assertThat(fixture.takeClosed()).as("held: task B may not have started yet").isEmpty();
    fixture.context.setCurrentSystemTimeMs(WALL0 + 1_000);
    for (long t = T0; t < T0 + 30_000; t += STEP_MS) {
      run.taskB.process(request(t, "web-2"));
    }
    run.deliverTo(fixture, run.b);
    fixture.wallClock(WALL0 + AssemblerFixture.IDLE_CLOSE_MS);
    assertThat(fixture.late).isEmpty();
    assertThat(fixture.takeClosed())
        .extracting(LaggingInputTasksTest::count)
        .containsExactly(2 * PER_WINDOW, 2 * PER_WINDOW);
  }

  private static Record<byte[], ParsedRequest> request(long t, String server) {
    return new Record<>(null, new ParsedRequest(t, "web", server, 200, 10, 100, null), t);
  }

  private static long count(Record<String, ClosedWindow> r) {
    return r.value().observation().servers().stream().mapToLong(s -> s.count()).sum();
  }

  /**
   * Tasks A and B (at {@code bSpeed} of A's pace), both feeding one assembler; the wall clock
   * follows task A.
   */
  private static final class Run {
    final AssemblerFixture fixture =
        new AssemblerFixture(Duration.ofMinutes(10), Duration.ofHours(1));
    final double bSpeed;

    /** When task B's thread stops altogether: no more flushes or watermarks from it. */
    long bGoneAt = Long.MAX_VALUE;

    final MockProcessorContext<String, ServerWindowStats> a = context(0);
    final MockProcessorContext<String, ServerWindowStats> b = context(1);
    final ServerWindowPreAggregator taskA = task(a);
    final ServerWindowPreAggregator taskB = task(b);

    Run(double bSpeed) {
      this.bSpeed = bSpeed;
    }

    private static MockProcessorContext<String, ServerWindowStats> context(int partition) {
      return new MockProcessorContext<>(
          new Properties(), new TaskId(0, partition), new File("unused"));
    }

    private static ServerWindowPreAggregator task(
        MockProcessorContext<String, ServerWindowStats> context) {
      ServerWindowPreAggregator p =
          new ServerWindowPreAggregator(
              Duration.ofMillis(AssemblerFixture.WINDOW_MS),
              Duration.ofMillis(AssemblerFixture.GRACE_MS),
              FLUSH,
              Duration.ofMillis(AssemblerFixture.IDLE_CLOSE_MS),
              InputProgress.ALWAYS_CAUGHT_UP,
              "requests",
              Optional.empty());
      p.init(context);
      return p;
    }

    /**
     * A's requests until {@code aEnd}, B's until {@code bEnd} in its own event time, then 10 s of
     * idle flushes.
     */
    void play(long aEnd, long bEnd) {
      play(aEnd, bEnd, T0 + (long) ((END - T0) / bSpeed) + 10_000);
    }

    /**
     * One request every 50 ms of A's event time (and of the wall clock); B follows at its own pace.
     */
    void play(long aEnd, long bEnd, long until) {
      long wall = WALL0;
      long nextB = T0;
      for (long t = T0; t < until; t += STEP_MS, wall += STEP_MS) {
        fixture.context.setCurrentSystemTimeMs(wall);
        if (t < aEnd) {
          taskA.process(request(t, "web-1"));
        }
        for (long bNow = T0 + (long) ((t - T0) * bSpeed);
            nextB <= bNow && nextB < bEnd;
            nextB += STEP_MS) {
          taskB.process(request(nextB, "web-2"));
        }
        boolean bRuns = t < bGoneAt;
        if ((t - T0) % 1_000 == 0) {
          tick(a, wall);
          if (bRuns) {
            tick(b, wall);
          }
          fixture.wallClock(wall);
        }
        deliver(a);
        if (bRuns) {
          deliver(b);
        }
      }
    }

    private static void tick(MockProcessorContext<String, ServerWindowStats> context, long wall) {
      context.setCurrentSystemTimeMs(wall);
      context.scheduledPunctuators().get(0).getPunctuator().punctuate(wall);
    }

    /** Wall-clock time at which each window was closed, in order. */
    final List<Long> closedAtWall = new java.util.ArrayList<>();

    void deliverTo(AssemblerFixture to, MockProcessorContext<String, ServerWindowStats> from) {
      for (MockProcessorContext.CapturedForward<? extends String, ? extends ServerWindowStats> f :
          from.forwarded()) {
        to.deliver(new Record<>(f.record().key(), f.record().value(), f.record().timestamp()));
      }
      from.resetForwards();
    }

    void deliver(MockProcessorContext<String, ServerWindowStats> from) {
      for (MockProcessorContext.CapturedForward<? extends String, ? extends ServerWindowStats> f :
          from.forwarded()) {
        fixture.deliver(new Record<>(f.record().key(), f.record().value(), f.record().timestamp()));
      }
      from.resetForwards();
      long wall = fixture.context.currentSystemTimeMs();
      fixture.context.forwarded().stream()
          .skip(closedAtWall.size())
          .forEach(f -> closedAtWall.add(wall));
    }

    List<Long> closedCounts() {
      return fixture.takeClosed().stream().map(LaggingInputTasksTest::count).toList();
    }
  }
}
