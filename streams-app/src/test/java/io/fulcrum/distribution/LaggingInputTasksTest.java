package io.fulcrum.distribution;

import static io.fulcrum.distribution.AssemblerFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.window.ServerWindowPreAggregator;
import io.fulcrum.window.ServerWindowPreAggregator.EventTimeFlush;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * Two input tasks pre-aggregate their halves of a pool's traffic, one behind the other in event time (a
 * catch-up, where the stream threads drift apart), and one assembler merges their partials in the order they
 * were sent. What a lag costs is set by the pre-aggregator's event-time flush: with the topology's (every grid
 * point), nothing while the lag is under grace minus one flush interval; holding windows back until they end (the
 * fast replay's, which has one input task) would lose a lagging task's whole window.
 */
class LaggingInputTasksTest {
  private static final Duration FLUSH = Duration.ofSeconds(1);
  private static final int STEP_MS = 50;
  private static final long END = T0 + 60_000;
  /** Requests each task sees per second of event time. */
  private static final long PER_SECOND = 1_000 / STEP_MS;

  @Test
  void aTaskLaggingByLessThanGraceMinusOneFlushIntervalLosesNothing() {
    Run run = new Run(900, EventTimeFlush.EVERY_POINT);
    run.play();
    assertThat(run.fixture.late).isEmpty();
    assertThat(run.closedCounts()).as("every closed window has both tasks' requests")
        .hasSizeGreaterThanOrEqualTo(4).allSatisfy(c -> assertThat(c).isEqualTo(2L * 10_000 / STEP_MS));
  }

  @Test
  void aTaskLaggingByMoreThanGraceLosesOnlyTheSumsItHadNotSentWhenTheOtherClosedTheWindow() {
    Run run = new Run(3_000, EventTimeFlush.EVERY_POINT);
    run.play();
    assertThat(run.fixture.late).isNotEmpty()
        .allSatisfy(l -> assertThat(l.requests()).as("at most two flush intervals of sums").isLessThanOrEqualTo(2 * PER_SECOND));
  }

  @Test
  void holdingWindowsBackUntilTheyEndWouldLoseALaggingTasksWholeWindow() {
    Run run = new Run(3_000, EventTimeFlush.ENDED_WINDOWS);
    run.play();
    assertThat(run.fixture.late).as("why the topology flushes at every grid point")
        .anySatisfy(l -> assertThat(l.requests()).isEqualTo(10 * PER_SECOND));
  }

  /** Tasks A (on time) and B ({@code lagMs} behind), both feeding one assembler. */
  private static final class Run {
    final AssemblerFixture fixture = new AssemblerFixture(Duration.ofMinutes(10), Duration.ofHours(1));
    final long lagMs;
    final MockProcessorContext<String, ServerWindowStats> a = new MockProcessorContext<>();
    final MockProcessorContext<String, ServerWindowStats> b = new MockProcessorContext<>();
    final ServerWindowPreAggregator taskA;
    final ServerWindowPreAggregator taskB;

    Run(long lagMs, EventTimeFlush flush) {
      this.lagMs = lagMs;
      this.taskA = task(a, flush);
      this.taskB = task(b, flush);
    }

    private static ServerWindowPreAggregator task(MockProcessorContext<String, ServerWindowStats> context,
        EventTimeFlush flush) {
      ServerWindowPreAggregator p = new ServerWindowPreAggregator(Duration.ofMillis(AssemblerFixture.WINDOW_MS),
          Duration.ofMillis(AssemblerFixture.GRACE_MS), FLUSH, flush);
      p.init(context);
      return p;
    }

    void play() {
      for (long t = T0; t < END + lagMs; t += STEP_MS) {
        if (t < END) {
          taskA.process(request(t, "web-1"));
        }
        long tb = t - lagMs;
        if (tb >= T0 && tb < END) {
          taskB.process(request(tb, "web-2"));
        }
        deliver(a);
        deliver(b);
      }
    }

    private static Record<byte[], ParsedRequest> request(long t, String server) {
      return new Record<>(null, new ParsedRequest(t, "web", server, 200, 10, 100, null), t);
    }

    private void deliver(MockProcessorContext<String, ServerWindowStats> from) {
      for (MockProcessorContext.CapturedForward<? extends String, ? extends ServerWindowStats> f : from.forwarded()) {
        fixture.send(f.record().value(), f.record().timestamp());
      }
      from.resetForwards();
    }

    List<Long> closedCounts() {
      return fixture.takeClosed().stream()
          .map(r -> r.value().observation().servers().stream().mapToLong(s -> s.count()).sum()).toList();
    }
  }
}
