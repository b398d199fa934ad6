package io.fulcrum.detect;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * ERROR_SPIKE: the 5xx rate jumped above its baseline.
 *
 * <p>Pool test: x = 5xx responses + unroutable requests, n = served + unroutable requests, p0 =
 * max(baseline pool 5xx rate, errors.floorRate 0.001); before the baseline is warm p0 = the floor,
 * so a clear spike right after startup still alerts. Fires if the one-sided binomial tail P(X &gt;=
 * x | n, p0) &lt; alpha AND x/n &gt;= max(errorMinRate 0.05, 3 × p0) AND x &gt;= 5. The absolute
 * floors keep a statistically significant but harmless wobble (0.5% → 1% on a busy pool) quiet.
 *
 * <p>Per-server test (one overloaded server): the same rule per server against its own baseline
 * rate (shrunk toward the pool rate, see {@link PoolBaseline#serverErrorRate}); runs only when the
 * pool test did not fire and reports the server with the smallest p-value.
 *
 * <p>Severity: CRITICAL if the tested rate is &gt;= errors.criticalRate (20%), else WARNING.
 */
public final class ErrorSpikeDetector implements Detector {
  private final DetectionSettings s;

  public ErrorSpikeDetector(DetectionSettings settings) {
    this.s = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public Optional<Finding> evaluate(PoolObservation obs, PoolBaseline baseline, Expected expected) {
    boolean warm = baseline.isWarm();
    long n = obs.requestCount();
    long x = obs.errorCount();
    double base = warm ? baseline.errorRate() : 0.0;
    double p = pValueIfSpike(x, n, base);
    if (p < s.alpha()) {
      double rate = (double) x / n;
      String headline = "5xx rate " + Stats.pct(rate) + baselineText(warm, base);
      if (obs.noServerCount() > 0) {
        headline += ", " + obs.noServerCount() + " unroutable";
      }
      return Optional.of(
          new Finding(
              AnomalyKind.ERROR_SPIKE,
              severity(rate),
              null,
              "binomial upper tail",
              x,
              0,
              p,
              rate,
              "5xx rate",
              Evidence.all(obs, baseline, expected),
              headline));
    }
    ServerObservation worst = null;
    double worstP = 1.0;
    double worstBase = 0;
    for (ServerObservation so : obs.servers()) {
      double b = warm ? baseline.serverErrorRate(so.server()) : 0.0;
      double ps = pValueIfSpike(so.errors5xx(), so.count(), b);
      if (ps < s.alpha()
          && (worst == null
              || ps < worstP
              || (ps == worstP && so.errorRate() > worst.errorRate()))) {
        worst = so;
        worstP = ps;
        worstBase = b;
      }
    }
    if (worst == null) {
      return Optional.empty();
    }
    double rate = worst.errorRate();
    return Optional.of(
        new Finding(
            AnomalyKind.ERROR_SPIKE,
            severity(rate),
            worst.server(),
            "binomial upper tail",
            worst.errors5xx(),
            0,
            worstP,
            rate,
            "5xx rate",
            Evidence.of(obs, baseline, expected, List.of(worst.server())),
            worst.server() + " 5xx rate " + Stats.pct(rate) + baselineText(warm, worstBase)));
  }

  /** The binomial p-value if all gates pass, else 1. */
  private double pValueIfSpike(long errors, long requests, double baselineRate) {
    if (requests <= 0 || errors < s.errors().minCount()) {
      return 1.0;
    }
    double p0 = Math.max(baselineRate, s.errors().floorRate());
    double rate = (double) errors / requests;
    if (rate < Math.max(s.errors().minRate(), s.errors().baselineMultiple() * p0)) {
      return 1.0;
    }
    return Stats.binomialUpperTail(errors, requests, p0);
  }

  private Severity severity(double rate) {
    return rate >= s.errors().criticalRate() ? Severity.CRITICAL : Severity.WARNING;
  }

  private static String baselineText(boolean warm, double base) {
    return warm ? " (baseline " + Stats.pct(base) + ")" : " (no baseline yet)";
  }
}
