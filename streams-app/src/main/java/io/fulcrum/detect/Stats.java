package io.fulcrum.detect;

import java.util.Locale;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Tail probabilities computed directly from the regularised incomplete gamma / beta functions,
 * which stay accurate deep in the tails (no {@code 1 - cdf} cancellation) and avoid the random
 * generator every commons-math distribution object allocates. Every method returns a value in [0,
 * 1], never NaN: a p-value that cannot be computed counts as 1 (not significant).
 */
final class Stats {
  private Stats() {}

  /** Upper tail P(X >= g) of a chi-square with {@code df} degrees of freedom; 1 when df <= 0. */
  static double chiSquareUpperTail(double g, int df) {
    if (df <= 0 || !(g > 0)) {
      return 1.0;
    }
    if (g == Double.POSITIVE_INFINITY) {
      return 0.0;
    }
    return safe(() -> Gamma.regularizedGammaQ(df / 2.0, g / 2.0));
  }

  /** Poisson lower tail P(X <= k | mean). */
  static double poissonLowerTail(long k, double mean) {
    if (k < 0) {
      return 0.0;
    }
    if (!(mean > 0)) {
      return 1.0;
    }
    // P(X <= k) = Q(k + 1, mean), the regularised upper incomplete gamma function.
    return safe(() -> Gamma.regularizedGammaQ(k + 1.0, mean));
  }

  /** Binomial upper tail P(X >= k | n, p). */
  static double binomialUpperTail(long k, long n, double p) {
    if (k <= 0) {
      return 1.0;
    }
    if (k > n || !(p > 0)) {
      return 0.0;
    }
    if (p >= 1) {
      return 1.0;
    }
    // P(X >= k) = I_p(k, n - k + 1), the regularised incomplete beta function.
    return safe(() -> Beta.regularizedBeta(p, k, n - k + 1.0));
  }

  /** Clamps to [0, 1]; NaN becomes 1. */
  static double clampP(double p) {
    if (Double.isNaN(p)) {
      return 1.0;
    }
    return Math.max(0.0, Math.min(1.0, p));
  }

  private static double safe(java.util.function.DoubleSupplier f) {
    try {
      return clampP(f.getAsDouble());
    } catch (
        RuntimeException e) { // commons-math convergence exceptions: treat as "not significant"
      return 1.0;
    }
  }

  /** A fraction as a short percentage: "100%", "31%", "4.5%", "0.2%", "0.05%". */
  static String pct(double fraction) {
    double p = fraction * 100.0;
    if (!Double.isFinite(p)) {
      return "?%";
    }
    String s;
    if (p >= 9.95 || p == 0) {
      s = String.format(Locale.ROOT, "%.0f", p);
    } else if (p >= 0.095) {
      s = String.format(Locale.ROOT, "%.1f", p);
    } else {
      s = String.format(Locale.ROOT, "%.2f", p);
    }
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s + "%";
  }
}
