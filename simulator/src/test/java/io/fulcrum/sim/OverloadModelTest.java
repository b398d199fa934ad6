package io.fulcrum.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OverloadModelTest {

  /** Offers Poisson traffic at {@code rps} for [fromMs, toMs) and returns the rejected share. */
  private static double offer(
      ServerState s, SplittableRandom rnd, double rps, long fromMs, long toMs) {
    long n = 0;
    long rejected = 0;
    for (double t = fromMs + SimRandom.exponential(rnd, 1000 / rps);
        t < toMs;
        t += SimRandom.exponential(rnd, 1000 / rps)) {
      n++;
      if (s.admit((long) t) == ServerState.REJECTED) {
        rejected++;
      }
    }
    return (double) rejected / n;
  }

  @Test
  void serverUnderCapacityNeverRejects() {
    ServerState s = new ServerState(OverloadModel.forCapacity(100));

    assertThat(offer(s, new SplittableRandom(1), 80, 0, 600_000)).isZero();
    assertThat(s.stress()).isLessThan(0.05);
  }

  @Test
  void poissonClumpsAtAFewRequestsPerSecondDoNotQueue() {
    ServerState s = new ServerState(OverloadModel.forCapacity(3));
    SplittableRandom rnd = new SplittableRandom(2);
    long queued = 0;
    for (double t = 0; t < 3_600_000; t += SimRandom.exponential(rnd, 1000 / 1.5)) {
      if (s.admit((long) t) != 0) {
        queued++;
      }
    }
    assertThat(queued).isZero();
  }

  @Test
  void doubleLoadRejectsMostRequestsWithinAMinute() {
    ServerState s = new ServerState(OverloadModel.forCapacity(50));
    SplittableRandom rnd = new SplittableRandom(3);

    double firstSeconds = offer(s, rnd, 100, 0, 10_000);
    offer(s, rnd, 100, 10_000, 50_000);
    double atOneMinute = offer(s, rnd, 100, 50_000, 60_000);

    assertThat(firstSeconds).as("a plain queue loses about half at 2x").isBetween(0.2, 0.6);
    assertThat(atOneMinute).as("after collapse, postmortem-like 75-85%").isBetween(0.75, 0.9);
    assertThat(s.effectiveCapacityRps()).isLessThan(20);
  }

  @Test
  void collapsedServerHealsOnceTheLoadIsBackUnderCapacity() {
    ServerState s = new ServerState(OverloadModel.forCapacity(50));
    SplittableRandom rnd = new SplittableRandom(4);
    offer(s, rnd, 100, 0, 120_000);

    double rightAfter = offer(s, rnd, 25, 120_000, 125_000);
    offer(s, rnd, 25, 125_000, 150_000);
    double later = offer(s, rnd, 25, 150_000, 210_000);

    assertThat(rightAfter).isGreaterThan(0);
    assertThat(later).isZero();
    assertThat(s.stress()).isZero();
  }

  @Test
  void scalingKeepsTheShapeAndMultipliesCapacity() {
    OverloadModel m = OverloadModel.forCapacity(40).scaled(0.25);

    assertThat(m.capacityRps()).isEqualTo(10);
    assertThat(m.burst()).as("never below the floor").isEqualTo(8);
    assertThat(m.queueTimeoutMs()).isEqualTo(OverloadModel.forCapacity(40).queueTimeoutMs());
  }
}
