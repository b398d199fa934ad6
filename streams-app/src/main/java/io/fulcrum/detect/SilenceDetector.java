package io.fulcrum.detect;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * POOL_SILENT: the pool suddenly gets (almost) no requests. With a warm baseline rate λ (requests
 * per window, unroutable included) &gt;= silence.minRate (20), a window with n requests is silent
 * if the Poisson lower tail P(X &lt;= n | λ) &lt; alpha AND n &lt;= silence.maxFraction (10%) × λ.
 * Always CRITICAL: a pool that stops receiving traffic usually means the LB or its frontend no
 * longer routes to it at all. Relies on the caller observing empty windows (all members at count
 * 0).
 */
public final class SilenceDetector implements Detector {
  private final DetectionSettings s;

  public SilenceDetector(DetectionSettings settings) {
    this.s = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public Optional<Finding> evaluate(PoolObservation obs, PoolBaseline baseline, Expected expected) {
    double lambda = baseline.requestRate();
    if (!baseline.isWarm() || lambda < s.silence().minRate()) {
      return Optional.empty();
    }
    long n = obs.requestCount();
    if (n > s.silence().maxFraction() * lambda) {
      return Optional.empty();
    }
    double p = Stats.poissonLowerTail(n, lambda);
    if (p >= s.alpha()) {
      return Optional.empty();
    }
    String got = n == 0 ? "no requests" : n == 1 ? "1 request" : n + " requests";
    return Optional.of(
        new Finding(
            AnomalyKind.POOL_SILENT,
            Severity.CRITICAL,
            null,
            "Poisson lower tail",
            n,
            0,
            p,
            1.0 - n / lambda,
            "drop in request rate",
            Evidence.all(obs, baseline, expected),
            String.format(Locale.ROOT, "received %s (expected ~%.0f per window)", got, lambda)));
  }
}
