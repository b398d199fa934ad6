package io.fulcrum.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrafficProfileTest {

  private static long count(
      TrafficProfile p, long fromMs, long toMs, double multiplier, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long n = 0;
    for (double t = p.nextArrival(fromMs, toMs, multiplier, rnd);
        t < toMs;
        t = p.nextArrival(t, toMs, multiplier, rnd)) {
      assertThat(t).isGreaterThanOrEqualTo(fromMs);
      n++;
    }
    return n;
  }

  @Test
  void flashCrowdRampsInHoldsAndRampsOut() {
    TrafficProfile p = TrafficProfile.constant(10).withFlashCrowd(60_000, 120_000, 5, 10_000);

    assertThat(p.rateAt(59_999)).isEqualTo(10);
    assertThat(p.rateAt(65_000)).isCloseTo(30, within(1e-9));
    assertThat(p.rateAt(90_000)).isEqualTo(50);
    assertThat(p.rateAt(115_000)).isCloseTo(30, within(1e-9));
    assertThat(p.rateAt(120_000)).isEqualTo(10);
  }

  @Test
  void rampHoldsItsEndpointsOutsideTheInterval() {
    TrafficProfile p = TrafficProfile.constant(40).withRamp(100_000, 200_000, 0.5, 2.5);

    assertThat(p.rateAt(0)).isEqualTo(20);
    assertThat(p.rateAt(150_000)).isCloseTo(60, within(1e-9));
    assertThat(p.rateAt(500_000)).isEqualTo(100);
  }

  @Test
  void namedShapesCoverNightsAndMornings() {
    TrafficProfile morning = TrafficProfile.diurnalRamp(20, 100, 60_000, 660_000);

    assertThat(TrafficProfile.nightTrickle().rateAt(123_456)).isBetween(1.0, 2.0);
    assertThat(morning.rateAt(0)).isEqualTo(20);
    assertThat(morning.rateAt(360_000)).isCloseTo(60, within(1e-9));
    assertThat(morning.rateAt(3_600_000)).isCloseTo(100, within(1e-9));
  }

  @Test
  void poissonArrivalCountsMatchTheRateAtEveryScale() {
    for (double rps : new double[] {1.5, 100, 1000}) {
      long n = count(TrafficProfile.constant(rps), 0, 300_000, 1, 11);
      double expected = rps * 300;
      assertThat((double) n)
          .as("%s req/s", rps)
          .isCloseTo(expected, within(5 * Math.sqrt(expected)));
    }
  }

  @Test
  void arrivalsFollowARampAndAMultiplier() {
    TrafficProfile p = TrafficProfile.constant(10).withRamp(0, 600_000, 1, 3);

    long n = count(p, 0, 600_000, 2, 12);

    double expected = 2 * 10 * 2 * 600; // multiplier 2 x mean ramp factor 2 x 10 req/s x 600 s
    assertThat((double) n).isCloseTo(expected, within(5 * Math.sqrt(expected)));
  }

  @Test
  void silenceProducesNoArrivalsAndTrafficResumesAfterIt() {
    TrafficProfile p = TrafficProfile.constant(50).withSilence(60_000, 120_000);

    assertThat(count(p, 60_000, 120_000, 1, 13)).isZero();
    assertThat(count(p, 0, 180_000, 1, 13)).isBetween(5_000L, 7_000L);
    assertThat(p.nextArrival(59_999.5, 1_000_000, 1, new SplittableRandom(1)))
        .satisfiesAnyOf(
            t -> assertThat(t).isLessThan(60_000),
            t -> assertThat(t).isGreaterThanOrEqualTo(120_000));
    assertThat(
            TrafficProfile.constant(5)
                .withSilence(0, Long.MAX_VALUE)
                .nextArrival(0, 1_000_000, 1, new SplittableRandom(1)))
        .isInfinite();
  }
}
