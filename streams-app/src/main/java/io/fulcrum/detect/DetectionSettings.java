package io.fulcrum.detect;

import java.util.Objects;

/**
 * Every threshold of the detectors and the baseline, one small record per detector. {@link
 * #defaults()} documents the defaults; each is chosen so that a pool tested every 10 s stays quiet
 * under normal noise while the incident pattern (most traffic on one server) is caught in the first
 * window.
 *
 * @param alpha significance level of every test (default 1e-6: thousands of pool windows are tested
 *     per hour, so a false alarm needs ~ one-in-a-million luck)
 * @param minWindowCount member requests needed for an IMBALANCE G-test and for a window to be
 *     healthy (default 20)
 */
public record DetectionSettings(
    double alpha,
    long minWindowCount,
    Imbalance imbalance,
    Errors errors,
    Latency latency,
    Silence silence,
    Baseline baseline) {

  public DetectionSettings {
    requireOpen01(alpha, "alpha");
    requireCount(minWindowCount);
    Objects.requireNonNull(imbalance, "imbalance");
    Objects.requireNonNull(errors, "errors");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(silence, "silence");
    Objects.requireNonNull(baseline, "baseline");
  }

  /**
   * IMBALANCE: traffic spread unlike the expected shares.
   *
   * @param minTvd minimum total variation distance for a G-test IMBALANCE (default 0.2)
   * @param criticalTvd TVD from which IMBALANCE is CRITICAL (default 0.5)
   * @param starvationMinExpected a server must expect at least this many requests to be called
   *     starved (default 15; P(0 | 15) = 3e-7)
   * @param starvationMinDeficit minimum 1 - observed/expected for a starved server (default 0.9)
   * @param drainedLeakShare share of traffic drained servers may keep under the null (default 0.02)
   * @param drainedMinShare share on drained servers that counts as IMBALANCE (default 0.5: a window
   *     that straddles the drain still carries the old routing for part of it)
   */
  public record Imbalance(
      double minTvd,
      double criticalTvd,
      double starvationMinExpected,
      double starvationMinDeficit,
      double drainedLeakShare,
      double drainedMinShare) {
    public static final Imbalance DEFAULTS = new Imbalance(0.2, 0.5, 15, 0.9, 0.02, 0.5);

    public Imbalance {
      requireOpen01(drainedLeakShare, "drainedLeakShare");
      requireValid(starvationMinExpected > 0);
    }

    public Imbalance withMinTvd(double v) {
      return new Imbalance(
          v,
          criticalTvd,
          starvationMinExpected,
          starvationMinDeficit,
          drainedLeakShare,
          drainedMinShare);
    }
  }

  /**
   * ERROR_SPIKE: more 5xx than the baseline explains.
   *
   * @param floorRate smallest 5xx baseline rate used in the binomial test (default 0.001)
   * @param minRate absolute 5xx rate an ERROR_SPIKE must reach (default 0.05)
   * @param baselineMultiple ... and this multiple of the baseline rate (default 3)
   * @param minCount ... with at least this many errors (default 5)
   * @param criticalRate 5xx rate from which ERROR_SPIKE is CRITICAL (default 0.2)
   * @param priorRequests per-server 5xx baselines are shrunk toward the pool rate with this many
   *     pseudo-requests (default 50)
   */
  public record Errors(
      double floorRate,
      double minRate,
      double baselineMultiple,
      long minCount,
      double criticalRate,
      double priorRequests) {
    public static final Errors DEFAULTS = new Errors(0.001, 0.05, 3.0, 5, 0.2, 50);

    public Errors {
      requireOpen01(floorRate, "errorFloorRate");
      requireCount(minCount);
      requireValid(baselineMultiple >= 1 && !(priorRequests < 0));
    }

    public Errors withMinRate(double v) {
      return new Errors(floorRate, v, baselineMultiple, minCount, criticalRate, priorRequests);
    }
  }

  /**
   * LATENCY: a server's p95 well above its baseline.
   *
   * @param minCount requests a server needs in the window for a LATENCY test (default 50)
   * @param minRatio window p95 must be at least this multiple of baseline p95 (default 1.5)
   * @param minDeltaMs ... and this many ms above it (default 50)
   * @param criticalRatio p95 ratio from which LATENCY is CRITICAL (default 3)
   * @param minBaselineCount decayed request weight a server's latency baseline needs (default 200)
   */
  public record Latency(
      long minCount,
      double minRatio,
      int minDeltaMs,
      double criticalRatio,
      double minBaselineCount) {
    public static final Latency DEFAULTS = new Latency(50, 1.5, 50, 3.0, 200);

    public Latency {
      requireCount(minCount);
      requireValid(minRatio >= 1);
    }

    public Latency withMinRatio(double v) {
      return new Latency(minCount, v, minDeltaMs, criticalRatio, minBaselineCount);
    }
  }

  /**
   * POOL_SILENT: a pool that stopped receiving traffic.
   *
   * @param minRate baseline requests per window needed to test for POOL_SILENT (default 20)
   * @param maxFraction a silent window has at most this fraction of the baseline rate (default 0.1)
   */
  public record Silence(double minRate, double maxFraction) {
    public static final Silence DEFAULTS = new Silence(20, 0.1);

    public Silence {
      requireValid(minRate > 0);
    }
  }

  /**
   * The learned baseline every detector compares against.
   *
   * @param halfLifeWindows EWMA half-life of the baseline, in windows (default 30 = 5 min at 10 s)
   * @param warmWindows healthy windows before the baseline is used (default 6)
   * @param maturityWindows learned windows a server that joined later needs before its share is
   *     expected (default 12); until then it is treated as new
   * @param dropShare servers whose learned share decays below this (and that got nothing in the
   *     window) are forgotten (default 1e-4, ~57 min after leaving at 25% share)
   */
  public record Baseline(
      double halfLifeWindows, int warmWindows, int maturityWindows, double dropShare) {
    public static final Baseline DEFAULTS = new Baseline(30, 6, 12, 1e-4);

    public Baseline {
      requireCount(warmWindows);
      requireCount(maturityWindows);
      requireValid(halfLifeWindows > 0);
    }

    /** A copy that learns at another pace. */
    public Baseline withLearning(double newHalfLifeWindows, int newWarmWindows) {
      return new Baseline(newHalfLifeWindows, newWarmWindows, maturityWindows, dropShare);
    }

    /** Per-window EWMA decay factor 2^(-1/halfLife). */
    public double decay() {
      return Math.pow(0.5, 1.0 / halfLifeWindows);
    }
  }

  /** The documented defaults. */
  public static DetectionSettings defaults() {
    return new DetectionSettings(
        1e-6,
        20,
        Imbalance.DEFAULTS,
        Errors.DEFAULTS,
        Latency.DEFAULTS,
        Silence.DEFAULTS,
        Baseline.DEFAULTS);
  }

  /** A copy with another significance level. */
  public DetectionSettings withAlpha(double newAlpha) {
    return new DetectionSettings(
        newAlpha, minWindowCount, imbalance, errors, latency, silence, baseline);
  }

  /** A copy with another baseline half-life and warm-up length. */
  public DetectionSettings withBaseline(double halfLifeWindows, int warmWindows) {
    return new DetectionSettings(
        alpha,
        minWindowCount,
        imbalance,
        errors,
        latency,
        silence,
        baseline.withLearning(halfLifeWindows, warmWindows));
  }

  private static void requireOpen01(double v, String name) {
    if (!(v > 0 && v < 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1): " + v);
    }
  }

  private static void requireCount(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("counts must be >= 1");
    }
  }

  private static void requireValid(boolean ok) {
    if (!ok) {
      throw new IllegalArgumentException("invalid detection settings");
    }
  }
}
