package io.fulcrum.detect.sequential;

/**
 * An anytime-valid one-sided test of a Bernoulli rate: a mixture of likelihood ratios against
 * alternatives on one side of {@code pNull}. For any true rate on the null side it is a nonnegative
 * supermartingale starting at 1, so by Ville's inequality the chance that it <em>ever</em> reaches
 * {@code 1/alpha} is at most {@code alpha}, however often it is looked at (each request, each
 * second, each window). Counts may arrive in batches.
 */
public final class BernoulliEProcess {
  /** Where the alternatives sit, as fractions of the gap between {@code pNull} and 0 or 1. */
  private static final double[] GRID = {0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.85, 0.95, 0.99};

  private final double pNull;
  private final boolean above;
  private final double[] logSuccess;
  private final double[] logFailure;
  private final double[] logLr;
  private long trials;

  private BernoulliEProcess(double pNull, boolean above) {
    if (!(pNull > 0 && pNull < 1)) {
      throw new IllegalArgumentException("pNull must be in (0, 1), got " + pNull);
    }
    this.pNull = pNull;
    this.above = above;
    int k = GRID.length;
    logSuccess = new double[k];
    logFailure = new double[k];
    logLr = new double[k];
    for (int j = 0; j < k; j++) {
      double p1 = above ? pNull + (1 - pNull) * GRID[j] : pNull * (1 - GRID[j]);
      logSuccess[j] = Math.log(p1 / pNull);
      logFailure[j] = Math.log((1 - p1) / (1 - pNull));
    }
  }

  /** Tests H0: rate &le; {@code pNull} (evidence grows when the rate is higher). */
  public static BernoulliEProcess atMost(double pNull) {
    return new BernoulliEProcess(pNull, true);
  }

  /** Tests H0: rate &ge; {@code pNull} (evidence grows when the rate is lower). */
  public static BernoulliEProcess atLeast(double pNull) {
    return new BernoulliEProcess(pNull, false);
  }

  public void observe(long successes, long n) {
    if (successes < 0 || n < successes) {
      throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + " of " + n);
    }
    for (int j = 0; j < logLr.length; j++) {
      logLr[j] += successes * logSuccess[j] + (n - successes) * logFailure[j];
    }
    trials += n;
  }

  /**
   * The natural log of the e-value: the equally weighted mixture of the alternatives' likelihood
   * ratios.
   */
  public double logE() {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logLr) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (double l : logLr) {
      sum += Math.exp(l - max);
    }
    return max + Math.log(sum / logLr.length);
  }

  /** Whether the evidence against H0 has reached {@code 1/alpha}. */
  public boolean rejects(double alpha) {
    return logE() >= Math.log(1 / alpha);
  }

  public double pNull() {
    return pNull;
  }

  public boolean testsAbove() {
    return above;
  }

  public long trials() {
    return trials;
  }
}
