package io.fulcrum.detect.sequential;

/**
 * The fast path's bounds: what a change may do to a pool before it counts as broken, and the
 * false-alarm budget.
 *
 * @param alpha chance that a change within the bounds ever raises an alarm while it is watched
 * @param shareGrowth a server may take up to this many times its expected share...
 * @param sharePoints ...or this much more (as a fraction), whichever is larger
 * @param starvedFraction a server expected to get at least {@code minStarvedShare} must get more
 *     than this fraction of its share
 * @param minStarvedShare servers expected below this share are not tested for starvation
 * @param errorMultiple the 5xx rate may be up to this many times the baseline...
 * @param errorMinRate ...or this rate, whichever is larger
 * @param freshMs how long after a change it is watched (the same freshness that decides blame)
 */
public record SequentialSettings(
    double alpha,
    double shareGrowth,
    double sharePoints,
    double starvedFraction,
    double minStarvedShare,
    double errorMultiple,
    double errorMinRate,
    long freshMs) {
  public SequentialSettings {
    require(alpha > 0 && alpha < 1, "alpha must be in (0, 1)");
    require(shareGrowth >= 1, "shareGrowth must be at least 1");
    require(sharePoints >= 0 && sharePoints < 1, "sharePoints must be in [0, 1)");
    require(starvedFraction > 0 && starvedFraction < 1, "starvedFraction must be in (0, 1)");
    require(minStarvedShare > 0 && minStarvedShare < 1, "minStarvedShare must be in (0, 1)");
    require(errorMultiple >= 1, "errorMultiple must be at least 1");
    require(errorMinRate > 0 && errorMinRate < 1, "errorMinRate must be in (0, 1)");
    require(freshMs > 0, "freshMs must be positive");
  }

  /**
   * The window detectors' effect sizes (the change guard's share growth, the ERROR_SPIKE gates) at
   * the windows' alpha, watched for 6 windows of 10 s.
   */
  public static SequentialSettings defaults() {
    return new SequentialSettings(1e-6, 1.5, 0.10, 0.1, 0.05, 3, 0.05, 60_000);
  }

  public SequentialSettings withAlpha(double a) {
    return new SequentialSettings(
        a,
        shareGrowth,
        sharePoints,
        starvedFraction,
        minStarvedShare,
        errorMultiple,
        errorMinRate,
        freshMs);
  }

  public SequentialSettings withFreshMs(long ms) {
    return new SequentialSettings(
        alpha,
        shareGrowth,
        sharePoints,
        starvedFraction,
        minStarvedShare,
        errorMultiple,
        errorMinRate,
        ms);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
