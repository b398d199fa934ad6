package io.fulcrum.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * LATENCY: a server's latency tail moved well above its own learned tail.
 *
 * <p>Exceedance test per server, only with a warm baseline, at least latency.minCount (50) requests
 * in the window and a latency baseline of at least latency.minBaselineCount (200) decayed requests.
 * Under the null at most 5% of requests exceed the baseline p95 b; k = requests in sketch buckets
 * strictly above b's bucket (a lower bound of the true exceedance count, so the test is
 * conservative). Fires if the binomial tail P(X &gt;= k | n, 0.05) &lt; alpha AND the window p95
 * &gt;= 1.5 × b AND &gt;= b + 50 ms. All flagged servers are reported in one finding; the
 * statistic, p-value and effect are those of the most significant server.
 *
 * <p>Severity: CRITICAL if some flagged server's p95 is &gt;= latency.criticalRatio (3) × its
 * baseline, else WARNING.
 */
public final class LatencyDetector implements Detector {
  private static final double NULL_EXCEEDANCE = 0.05;
  private final DetectionSettings s;

  public LatencyDetector(DetectionSettings settings) {
    this.s = Objects.requireNonNull(settings, "settings");
  }

  private record Slow(
      String server, long above, double p, int p95, int baselineP95, double ratio) {}

  @Override
  public Optional<Finding> evaluate(PoolObservation obs, PoolBaseline baseline, Expected expected) {
    if (!baseline.isWarm()) {
      return Optional.empty();
    }
    List<Slow> slow = new ArrayList<>();
    for (ServerObservation so : obs.servers()) {
      long n = so.latency().count();
      if (so.count() < s.latency().minCount()
          || n < s.latency().minCount()
          || baseline.latencyWeight(so.server()) < s.latency().minBaselineCount()) {
        continue;
      }
      int b95 = baseline.p95Ms(so.server());
      int w95 = so.latency().quantile(0.95);
      if (w95 < s.latency().minRatio() * b95 || w95 < b95 + s.latency().minDeltaMs()) {
        continue;
      }
      long above = so.latency().countAbove(b95);
      double p = Stats.binomialUpperTail(above, n, NULL_EXCEEDANCE);
      if (p < s.alpha()) {
        slow.add(new Slow(so.server(), above, p, w95, b95, (double) w95 / Math.max(1, b95)));
      }
    }
    if (slow.isEmpty()) {
      return Optional.empty();
    }
    slow.sort(
        Comparator.comparingDouble(Slow::p)
            .thenComparing(Comparator.comparingDouble(Slow::ratio).reversed()));
    Slow worst = slow.get(0);
    boolean critical = slow.stream().anyMatch(x -> x.ratio() >= s.latency().criticalRatio());
    List<String> names = new ArrayList<>();
    StringBuilder headline = new StringBuilder();
    for (int i = 0; i < slow.size(); i++) {
      Slow x = slow.get(i);
      names.add(x.server());
      if (i < 3) {
        headline
            .append(i == 0 ? "" : ", ")
            .append(
                String.format(
                    Locale.ROOT,
                    "%s p95 %d ms (baseline %d ms)",
                    x.server(),
                    x.p95(),
                    x.baselineP95()));
      }
    }
    if (slow.size() > 3) {
      headline.append(" and ").append(slow.size() - 3).append(" more");
    }
    names.sort(null);
    return Optional.of(
        new Finding(
            AnomalyKind.LATENCY,
            critical ? Severity.CRITICAL : Severity.WARNING,
            slow.size() == 1 ? worst.server() : null,
            "binomial exceedance of baseline p95",
            worst.above(),
            0,
            worst.p(),
            worst.ratio(),
            "p95 ratio (window / baseline)",
            Evidence.of(obs, baseline, expected, names),
            headline.toString()));
  }
}
