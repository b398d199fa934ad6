package io.fulcrum.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void tailsAgreeWithCommonsMathDistributionsWhereThoseAreAccurate() {
    for (int df = 1; df <= 10; df++) {
      ChiSquaredDistribution chi = new ChiSquaredDistribution(null, df, 1e-9);
      for (double g : new double[] {0.5, 2, 7.5, 15}) {
        assertThat(Stats.chiSquareUpperTail(g, df))
            .isCloseTo(1 - chi.cumulativeProbability(g), within(1e-9));
      }
    }
    for (double mean : new double[] {0.5, 4, 15, 80}) {
      PoissonDistribution poisson = new PoissonDistribution(null, mean, 1e-12, 10_000);
      for (int k = 0; k < 100; k += 7) {
        assertThat(Stats.poissonLowerTail(k, mean))
            .isCloseTo(poisson.cumulativeProbability(k), within(1e-9));
      }
    }
    for (int n : new int[] {1, 12, 125, 2000}) {
      for (double p : new double[] {0.001, 0.05, 0.3}) {
        BinomialDistribution bin = new BinomialDistribution(null, n, p);
        for (int k = 0; k <= n; k += Math.max(1, n / 13)) {
          double expected = k == 0 ? 1.0 : 1 - bin.cumulativeProbability(k - 1);
          assertThat(Stats.binomialUpperTail(k, n, p)).isCloseTo(expected, within(1e-9));
        }
      }
    }
  }

  @Test
  void deepTailsUnderflowTowardZeroInsteadOfCancelling() {
    assertThat(Stats.chiSquareUpperTail(1000, 3)).isPositive().isLessThan(1e-200);
    assertThat(Stats.chiSquareUpperTail(1e7, 3)).isZero();
    assertThat(Stats.poissonLowerTail(0, 83)).isCloseTo(Math.exp(-83), within(1e-45));
    assertThat(Stats.binomialUpperTail(3000, 50_000, 0.05)).isPositive().isLessThan(1e-15);
  }

  @Test
  void degenerateInputsGiveDefinedProbabilities() {
    assertThat(Stats.chiSquareUpperTail(5, 0)).isEqualTo(1.0);
    assertThat(Stats.chiSquareUpperTail(Double.NaN, 3)).isEqualTo(1.0);
    assertThat(Stats.chiSquareUpperTail(Double.POSITIVE_INFINITY, 3)).isZero();
    assertThat(Stats.chiSquareUpperTail(-1, 3)).isEqualTo(1.0);
    assertThat(Stats.poissonLowerTail(0, 0)).isEqualTo(1.0);
    assertThat(Stats.poissonLowerTail(-1, 5)).isZero();
    assertThat(Stats.poissonLowerTail(3, Double.NaN)).isEqualTo(1.0);
    assertThat(Stats.binomialUpperTail(0, 0, 0.5)).isEqualTo(1.0);
    assertThat(Stats.binomialUpperTail(5, 3, 0.5)).isZero();
    assertThat(Stats.binomialUpperTail(1, 10, 0)).isZero();
    assertThat(Stats.binomialUpperTail(1, 10, 1)).isEqualTo(1.0);
    assertThat(Stats.binomialUpperTail(1, 10, Double.NaN)).isZero();
    assertThat(Stats.clampP(Double.NaN)).isEqualTo(1.0);
  }

  @Test
  void randomInputsNeverProduceNaN() {
    Random rnd = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      long n = (long) Math.pow(10, rnd.nextDouble() * 7);
      long k = (long) (rnd.nextDouble() * 1.2 * n);
      double p = rnd.nextDouble();
      double mean = Math.pow(10, rnd.nextDouble() * 9 - 2);
      assertThat(Stats.binomialUpperTail(k, n, p)).isBetween(0.0, 1.0);
      assertThat(Stats.poissonLowerTail(k, mean)).isBetween(0.0, 1.0);
      assertThat(Stats.chiSquareUpperTail(mean, 1 + rnd.nextInt(300))).isBetween(0.0, 1.0);
    }
  }

  @Test
  void percentagesAreShortAndReadable() {
    assertThat(Stats.pct(1.0)).isEqualTo("100%");
    assertThat(Stats.pct(0.25)).isEqualTo("25%");
    assertThat(Stats.pct(1 / 6.0)).isEqualTo("17%");
    assertThat(Stats.pct(0.31)).isEqualTo("31%");
    assertThat(Stats.pct(0.045)).isEqualTo("4.5%");
    assertThat(Stats.pct(0.05)).isEqualTo("5%");
    assertThat(Stats.pct(0.002)).isEqualTo("0.2%");
    assertThat(Stats.pct(0.0005)).isEqualTo("0.05%");
    assertThat(Stats.pct(0)).isEqualTo("0%");
  }
}
