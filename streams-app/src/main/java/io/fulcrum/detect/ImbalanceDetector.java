package io.fulcrum.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * IMBALANCE: traffic is not spread over the pool's servers as {@link Expected expected}. Three
 * tests, first match wins; all need at least {@code minWindowCount} member requests and an
 * expectation (source not NONE):
 *
 * <ol>
 *   <li><b>G-test</b> (likelihood ratio) of the active servers' counts o_i (n in total) against the
 *       multinomial with the expected shares e_i renormalised over them: G = 2 Σ o_i ln(o_i / (n
 *       e_i)) / (q c), chi-square with k-1 df, where q = 1 + (k+1)/(6n) is Williams' small-sample
 *       correction and c = 1 + n/N_eff widens the null for a baseline learned from only N_eff
 *       requests (c = 1 for declared weights). Fires if p &lt; alpha AND the total variation
 *       distance ½ Σ |o_i/n - e_i| &gt;= imbalance.minTvd (0.2) plus the TVD that sampling noise
 *       alone produces, √(c / (2πn)) Σ √(e_i(1-e_i)). With thousands of requests tiny skews are
 *       "significant" but harmless, and with few requests per server noise alone has TVD ~0.15: the
 *       gate keeps only skews that move a fifth of the traffic beyond noise.
 *   <li><b>Starvation</b> (Poisson lower tail): an active server with expected count E = e_i × N
 *       &gt;= 15 (N = all member traffic, so traffic lost to new/unexpected servers counts against
 *       it) that got o &lt;= 10% of E with P(X &lt;= o | E) &lt; alpha; or all active servers
 *       together (E = N) got &lt;= 10% of N with P(X &lt;= o | N) &lt; alpha. Catches one
 *       dead-routed server of six (TVD 0.17) and the "pool definition points at one new server"
 *       typo even on a trickle of 20 requests. Statistic = observed count of the starved servers,
 *       effect = their combined deficit.
 *   <li><b>Drained leak</b> (binomial upper tail): servers declared with weight 0 together got
 *       &gt;= 50% of the traffic and P(X &gt;= c | N, 0.02) &lt; alpha. In-flight leftovers, and a
 *       window that straddles the drain, stay below half.
 * </ol>
 *
 * Severity: CRITICAL if TVD &gt;= 0.5, or the most over-served server got &gt;= 2 times its
 * expected share (fleets are sized for about 2x the even share), or starved servers were expected
 * to carry &gt;= half the traffic, or drained servers got &gt;= half of it; otherwise WARNING.
 */
public final class ImbalanceDetector implements Detector {
  /** Observed/expected share of the most over-served server from which IMBALANCE is CRITICAL. */
  static final double CRITICAL_LOAD = 2.0;

  private final DetectionSettings s;

  public ImbalanceDetector(DetectionSettings settings) {
    this.s = Objects.requireNonNull(settings, "settings");
  }

  private record Starved(String server, long observed, double expected, double p) {}

  @Override
  public Optional<Finding> evaluate(PoolObservation obs, PoolBaseline baseline, Expected expected) {
    if (expected.source() == ExpectedSource.NONE) {
      return Optional.empty();
    }
    List<String> universe = expected.universe(obs);
    Map<String, Long> counts = new HashMap<>();
    long total = 0;
    for (String name : universe) {
      ServerObservation so = obs.server(name);
      long c = so == null ? 0 : so.count();
      counts.put(name, c);
      total += c;
    }
    if (total < s.minWindowCount()) {
      return Optional.empty();
    }
    List<String> active = expected.active();
    long nActive = 0;
    for (String a : active) {
      nActive += counts.get(a);
    }

    // 1. G-test over the active servers.
    int k = active.size();
    double g = 0;
    double tvd = 0;
    double pG = 1.0;
    double minTvd = Double.POSITIVE_INFINITY;
    if (k >= 2 && nActive >= s.minWindowCount()) {
      double spread = 0;
      for (String a : active) {
        long o = counts.get(a);
        double e = expected.share(a);
        if (o > 0) {
          g += 2.0 * o * Math.log(o / (e * nActive));
        }
        tvd += Math.abs((double) o / nActive - e);
        spread += Math.sqrt(e * (1 - e));
      }
      tvd /= 2;
      // Var(o_i - n e_i) grows by (1 + n / N_eff) when e_i is itself an estimate from N_eff
      // requests.
      double inflation = 1.0 + nActive / expected.effectiveRequests();
      double williams = 1.0 + (k + 1.0) / (6.0 * nActive);
      g = Math.max(0.0, g) / (williams * inflation);
      pG = Stats.chiSquareUpperTail(g, k - 1);
      // TVD of pure sampling noise is about sum sqrt(e(1-e)) / sqrt(2 pi n); the effect must exceed
      // it.
      minTvd = s.imbalance().minTvd() + spread * Math.sqrt(inflation / (2 * Math.PI * nActive));
    }
    boolean gFires = pG < s.alpha() && tvd >= minTvd;

    // 2. Starvation, against all member traffic: each active server alone, then all of them
    // together (the
    //    typo that sends everything to a server without an expectation, even when each E_i is
    // small).
    List<Starved> starved = new ArrayList<>();
    double starvedExpectedShare = 0;
    for (String a : active) {
      double e = expected.share(a) * total;
      long o = counts.get(a);
      if (baseline != null && baseline.isWarm() && !baseline.isEstablished(a)) {
        continue; // new to the pool: a server in slow start is not starved (the pool-wide test
        // still runs)
      }
      if (e >= s.imbalance().starvationMinExpected()
          && 1.0 - o / e >= s.imbalance().starvationMinDeficit()) {
        double p = Stats.poissonLowerTail(o, e);
        if (p < s.alpha()) {
          starved.add(new Starved(a, o, e, p));
          starvedExpectedShare += expected.share(a);
        }
      }
    }
    if (k >= 1
        && total >= s.imbalance().starvationMinExpected()
        && 1.0 - (double) nActive / total >= s.imbalance().starvationMinDeficit()) {
      double p = Stats.poissonLowerTail(nActive, total);
      if (p < s.alpha()) {
        starved.clear();
        for (String a : active) {
          starved.add(new Starved(a, counts.get(a), expected.share(a) * total, p));
        }
        starvedExpectedShare = 1.0;
      }
    }

    // 3. Traffic on drained servers.
    List<String> drained = new ArrayList<>();
    long drainedCount = 0;
    for (String d : expected.drained()) {
      long c = counts.get(d);
      if (c > 0) {
        drained.add(d);
        drainedCount += c;
      }
    }
    double drainedShare = (double) drainedCount / total;
    double pD = Stats.binomialUpperTail(drainedCount, total, s.imbalance().drainedLeakShare());
    boolean drainFires = drainedShare >= s.imbalance().drainedMinShare() && pD < s.alpha();

    if (!gFires && starved.isEmpty() && !drainFires) {
      return Optional.empty();
    }
    String prefix = unexpectedPrefix(universe, expected, counts, total);
    List<ServerEvidence> evidence = Evidence.of(obs, baseline, expected, universe);
    if (gFires) {
      List<String> hot = hot(active, expected, counts, total);
      double load = 0; // observed / expected share of the most over-served server
      for (String h : hot) {
        load = Math.max(load, counts.get(h) / (expected.share(h) * total));
      }
      Severity sev =
          tvd >= s.imbalance().criticalTvd() || starvedExpectedShare >= 0.5 || load >= CRITICAL_LOAD
              ? Severity.CRITICAL
              : Severity.WARNING;
      String server;
      String headline;
      if (!hot.isEmpty() && hot.size() <= Math.max(1, k / 2)) {
        server = hot.size() == 1 ? hot.get(0) : null;
        headline = gotShare(hot.stream().sorted().toList(), expected, counts, total);
      } else if (!starved.isEmpty()) {
        server = starved.size() == 1 ? starved.get(0).server() : null;
        headline = starvedHeadline(starved, expected, total);
      } else {
        long n = total;
        String worst =
            active.stream()
                .max(
                    Comparator.comparingDouble(
                        a -> Math.abs((double) counts.get(a) / n - expected.share(a))))
                .orElseThrow();
        server = null;
        headline =
            gotShare(List.of(worst), expected, counts, total)
                + String.format(java.util.Locale.ROOT, "; distribution distance %.2f", tvd);
      }
      return Optional.of(
          new Finding(
              AnomalyKind.IMBALANCE,
              sev,
              server,
              "G-test",
              g,
              k - 1,
              pG,
              tvd,
              "total variation distance",
              evidence,
              prefix + headline));
    }
    if (!starved.isEmpty()) {
      long observed = 0;
      double expectedCount = 0;
      double p = 1.0;
      for (Starved st : starved) {
        observed += st.observed();
        expectedCount += st.expected();
        p = Math.min(p, st.p());
      }
      Severity sev = starvedExpectedShare >= 0.5 ? Severity.CRITICAL : Severity.WARNING;
      return Optional.of(
          new Finding(
              AnomalyKind.IMBALANCE,
              sev,
              starved.size() == 1 ? starved.get(0).server() : null,
              "Poisson lower tail (starvation)",
              observed,
              0,
              p,
              1.0 - observed / expectedCount,
              "traffic deficit (1 - observed/expected)",
              evidence,
              prefix + starvedHeadline(starved, expected, total)));
    }
    Severity sev = drainedShare >= 0.5 ? Severity.CRITICAL : Severity.WARNING;
    return Optional.of(
        new Finding(
            AnomalyKind.IMBALANCE,
            sev,
            drained.size() == 1 ? drained.get(0) : null,
            "binomial upper tail (drained leak)",
            drainedCount,
            0,
            pD,
            drainedShare,
            "share of traffic on drained servers",
            evidence,
            prefix
                + Evidence.names(drained)
                + " got "
                + Stats.pct(drainedShare)
                + " of traffic (expected 0%, drained)"));
  }

  /** Active servers that got clearly more than expected (1.5x + 5 points), biggest excess first. */
  private static List<String> hot(
      List<String> active, Expected expected, Map<String, Long> counts, long total) {
    List<String> hot = new ArrayList<>();
    for (String a : active) {
      if ((double) counts.get(a) / total >= 1.5 * expected.share(a) + 0.05) {
        hot.add(a);
      }
    }
    hot.sort(
        Comparator.comparingDouble((String a) -> (double) counts.get(a) / total - expected.share(a))
            .reversed());
    return hot;
  }

  private static String gotShare(
      List<String> servers, Expected expected, Map<String, Long> counts, long total) {
    double obs = 0;
    double exp = 0;
    for (String a : servers) {
      obs += (double) counts.get(a) / total;
      exp += expected.share(a);
    }
    return Evidence.names(servers)
        + " got "
        + Stats.pct(obs)
        + " of traffic (expected "
        + Stats.pct(exp)
        + ")";
  }

  private static String starvedHeadline(List<Starved> starved, Expected expected, long total) {
    List<String> names = new ArrayList<>();
    long observed = 0;
    double min = 1;
    double max = 0;
    double sum = 0;
    for (Starved st : starved) {
      names.add(st.server());
      observed += st.observed();
      double e = expected.share(st.server());
      min = Math.min(min, e);
      max = Math.max(max, e);
      sum += e;
    }
    String got =
        observed == 0
            ? " got no traffic"
            : " got " + Stats.pct((double) observed / total) + " of traffic";
    String exp;
    if (starved.size() == 1) {
      exp = " (expected " + Stats.pct(sum) + ")";
    } else if (Stats.pct(min).equals(Stats.pct(max))) {
      exp = " (expected " + Stats.pct(max) + " each)";
    } else if (max <= 1.25 * min || sum >= 0.99) { // equal up to baseline noise, or all of them
      exp = " (expected ~" + Stats.pct(sum / starved.size()) + " each)";
    } else {
      exp = " (expected " + Stats.pct(sum) + " in total)";
    }
    return Evidence.names(names) + got + exp;
  }

  /**
   * "web-9 got 100% of traffic (no expected share); " when servers without an expectation took most
   * of it.
   */
  private static String unexpectedPrefix(
      List<String> universe, Expected expected, Map<String, Long> counts, long total) {
    List<String> names = new ArrayList<>();
    long c = 0;
    for (String u : universe) {
      if (expected.share(u) == null && counts.get(u) > 0) {
        names.add(u);
        c += counts.get(u);
      }
    }
    if ((double) c / total < 0.5) {
      return "";
    }
    return Evidence.names(names)
        + " got "
        + Stats.pct((double) c / total)
        + " of traffic (no expected share); ";
  }
}
