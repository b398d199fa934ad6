package io.fulcrum.detect.sequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The e-process's one promise: at the null's edge, looking after every trial, it crosses 1/alpha at
 * most alpha often.
 */
class BernoulliEProcessTest {

  @Test
  void startsAtOneAndBatchesEqualSingleTrials() {
    BernoulliEProcess one = BernoulliEProcess.atMost(0.25);
    BernoulliEProcess batch = BernoulliEProcess.atMost(0.25);
    assertThat(one.logE()).isZero();
    for (int i = 0; i < 40; i++) {
      one.observe(i % 3 == 0 ? 1 : 0, 1);
    }
    batch.observe(14, 40);
    assertThat(batch.logE()).isCloseTo(one.logE(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(batch.trials()).isEqualTo(40);
  }

  @ParameterizedTest(name = "H0 rate {1} {0}, alpha {2}")
  @CsvSource({
    "atMost, 0.25, 0.05",
    "atMost, 0.05, 0.05",
    "atLeast, 0.025, 0.05",
    "atMost, 0.475, 0.01"
  })
  void atTheNullsEdgeItEverRejectsAtMostAlphaOftenHoweverOftenItIsLookedAt(
      String side, double p, double alpha) {
    SplittableRandom rnd = new SplittableRandom(7);
    int runs = 4000;
    int rejected = 0;
    for (int r = 0; r < runs; r++) {
      BernoulliEProcess e =
          side.equals("atMost") ? BernoulliEProcess.atMost(p) : BernoulliEProcess.atLeast(p);
      for (int t = 0; t < 600; t++) {
        e.observe(rnd.nextDouble() < p ? 1 : 0, 1);
        if (e.rejects(alpha)) {
          rejected++;
          break;
        }
      }
    }
    // alpha plus three binomial standard errors of the estimate
    double slack = 3 * Math.sqrt(alpha * (1 - alpha) / runs);
    System.out.printf(
        "H0 %s %.3f: %d of %d runs ever rejected at alpha %.2f%n", side, p, rejected, runs, alpha);
    assertThat((double) rejected / runs).isLessThanOrEqualTo(alpha + slack);
  }

  @Test
  void aRateWellPastTheBoundIsRejectedQuickly() {
    BernoulliEProcess over = BernoulliEProcess.atMost(0.475);
    int trials = 0;
    while (!over.rejects(1e-6 / 9)) {
      over.observe(1, 1);
      trials++;
    }
    // every request on the one server: about 0.74 nats each against the 18.9 needed
    assertThat(trials).isBetween(20, 40);

    BernoulliEProcess starved = BernoulliEProcess.atLeast(0.025);
    starved.observe(0, 2000);
    assertThat(starved.rejects(1e-6 / 9)).isTrue();
  }

  @Test
  void aNullOutsideTheOpenUnitIntervalIsRefused() {
    assertThatThrownBy(() -> BernoulliEProcess.atMost(1.0))
        .hasMessageContaining("pNull must be in (0, 1)");
    assertThatThrownBy(() -> BernoulliEProcess.atLeast(0))
        .hasMessageContaining("pNull must be in (0, 1)");
    assertThatThrownBy(() -> BernoulliEProcess.atMost(0.5).observe(3, 2))
        .hasMessageContaining("successes");
  }
}
