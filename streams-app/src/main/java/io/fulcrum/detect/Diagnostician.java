package io.fulcrum.detect;

import static io.fulcrum.detect.Stats.pct;

import io.fulcrum.detect.Diagnosis.Hypothesis;
import io.fulcrum.detect.Diagnosis.Theory;
import io.fulcrum.detect.Diagnosis.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges each theory of {@link Diagnosis} from one window, its expected shares and the pool's
 * baseline (as it was before the window). Thresholds are deliberately wide: a theory is only marked
 * when the number behind it leaves no doubt, and UNCLEAR otherwise.
 */
final class Diagnostician {
  /**
   * Shares moved by at least this much (total variation distance) fit routing; under the low mark
   * rule it out.
   */
  static final double SHIFT_FITS = 0.15;

  static final double SHIFT_RULES_OUT = 0.05;

  /** Pool rate against the baseline rate: a surge from this ratio, none up to the low mark. */
  static final double SURGE_FITS = 1.5;

  static final double SURGE_RULES_OUT = 1.25;

  /** A server's 5xx rate this many times the rest's, with at least this rate, singles it out. */
  static final double ONE_SERVER_MULTIPLE = 5;

  static final double ONE_SERVER_MIN_RATE = 0.05;

  /** A server needs this many requests for its own rates to count. */
  static final long MIN_SERVER_COUNT = 20;

  private final DetectionSettings settings;

  Diagnostician(DetectionSettings settings) {
    this.settings = settings;
  }

  Diagnosis diagnose(PoolObservation obs, PoolBaseline baseline, Expected expected) {
    long served = obs.servedCount();
    long noServer = obs.noServerCount();
    boolean lbErrors = noServer >= settings.errors().minCount() && noServer * 2 >= obs.errorCount();
    if (served < settings.minWindowCount()) {
      String why = "too few served requests in the window (" + served + ")";
      List<Hypothesis> out = new ArrayList<>();
      out.add(
          lbErrors ? noServerRouting(obs) : new Hypothesis(Theory.ROUTING, Verdict.UNCLEAR, why));
      out.add(new Hypothesis(Theory.ONE_SERVER, Verdict.UNCLEAR, why));
      out.add(
          lbErrors
              ? noServerNotShared(obs)
              : new Hypothesis(Theory.SHARED_DEPENDENCY, Verdict.UNCLEAR, why));
      out.add(surge(obs, baseline));
      return new Diagnosis(out);
    }
    Shift shift = shift(obs, expected);
    Outlier outlier = outlier(obs);
    boolean errorsUp = errorsElevated(obs, baseline);
    Hypothesis routing = lbErrors ? noServerRouting(obs) : routing(obs, shift, expected, errorsUp);
    Hypothesis shared =
        lbErrors
            ? noServerNotShared(obs)
            : sharedDependency(
                obs, baseline, shift, outlier, errorsUp, routing.verdict() == Verdict.FITS);
    return new Diagnosis(
        List.of(
            routing, oneServer(obs, baseline, outlier, expected), shared, surge(obs, baseline)));
  }

  /**
   * Most 5xx are the load balancer's own: it found no server for them (HAProxy's NOSRV, an empty
   * upstream).
   */
  private static Hypothesis noServerRouting(PoolObservation obs) {
    return new Hypothesis(
        Theory.ROUTING,
        Verdict.FITS,
        obs.noServerCount() + " of " + obs.requestCount() + " requests found no server to go to");
  }

  private static Hypothesis noServerNotShared(PoolObservation obs) {
    return new Hypothesis(
        Theory.SHARED_DEPENDENCY,
        Verdict.RULED_OUT,
        obs.noServerCount() + " of the " + obs.errorCount() + " 5xx never reached a server");
  }

  /** How far the observed shares are from the expected ones, and the server that gained most. */
  private record Shift(
      double tvd, String gainer, double observed, double expected, boolean known) {}

  /** Over the servers that have an expectation only (a new server is not a shift), renormalised. */
  private static Shift shift(PoolObservation obs, Expected expected) {
    if (expected.source() == ExpectedSource.NONE || expected.shares().isEmpty()) {
      return new Shift(0, null, 0, 0, false);
    }
    double n = 0;
    double expectedSum = 0;
    for (Map.Entry<String, Double> e : expected.shares().entrySet()) {
      ServerObservation so = obs.server(e.getKey());
      n += so == null ? 0 : so.count();
      expectedSum += e.getValue();
    }
    if (n <= 0 || expectedSum <= 0) {
      return new Shift(0, null, 0, 0, false);
    }
    double tvd = 0;
    String gainer = null;
    double best = Double.NEGATIVE_INFINITY;
    double gainObs = 0;
    double gainExp = 0;
    for (Map.Entry<String, Double> e : expected.shares().entrySet()) {
      ServerObservation so = obs.server(e.getKey());
      double o = so == null ? 0 : so.count() / n;
      double x = e.getValue() / expectedSum;
      tvd += Math.abs(o - x);
      if (o - x > best) {
        best = o - x;
        gainer = e.getKey();
        gainObs = o;
        gainExp = x;
      }
    }
    return new Shift(tvd / 2, gainer, gainObs, gainExp, true);
  }

  private static Hypothesis routing(
      PoolObservation obs, Shift shift, Expected expected, boolean errorsUp) {
    if (!shift.known()) {
      return new Hypothesis(
          Theory.ROUTING, Verdict.UNCLEAR, "no expected shares yet (baseline still learning)");
    }
    String moved =
        "shares moved "
            + points(shift.tvd())
            + " ("
            + shift.gainer()
            + ": "
            + pct(shift.observed())
            + " against "
            + pct(shift.expected())
            + " expected)";
    if (shift.tvd() >= SHIFT_FITS) {
      if (errorsUp) {
        double onGainers = errorsOnGainers(obs, expected);
        if (onGainers < 0.5) {
          return new Hypothesis(
              Theory.ROUTING,
              Verdict.UNCLEAR,
              moved
                  + ", but only "
                  + pct(onGainers)
                  + " of the 5xx are on the servers that took the traffic");
        }
      }
      return new Hypothesis(Theory.ROUTING, Verdict.FITS, moved);
    }
    if (shift.tvd() < SHIFT_RULES_OUT) {
      return new Hypothesis(
          Theory.ROUTING,
          Verdict.RULED_OUT,
          "shares within " + points(shift.tvd()) + " of expected");
    }
    return new Hypothesis(Theory.ROUTING, Verdict.UNCLEAR, moved);
  }

  /** The fraction of the 5xx served by the servers whose share grew. */
  private static double errorsOnGainers(PoolObservation obs, Expected expected) {
    long all = 0;
    long gainers = 0;
    double n = obs.servedCount();
    for (ServerObservation s : obs.servers()) {
      all += s.errors5xx();
      if (s.count() / n > expected.shares().getOrDefault(s.server(), 0.0)) {
        gainers += s.errors5xx();
      }
    }
    return all == 0 ? 1 : (double) gainers / all;
  }

  /** The server with the highest 5xx rate, against the rest of the pool. */
  private record Outlier(String server, double rate, double restRate, double shareOfErrors) {}

  private static Outlier outlier(PoolObservation obs) {
    long errors = 0;
    long served = 0;
    for (ServerObservation s : obs.servers()) {
      errors += s.errors5xx();
      served += s.count();
    }
    ServerObservation worst = null;
    for (ServerObservation s : obs.servers()) {
      if (s.count() >= MIN_SERVER_COUNT && (worst == null || s.errorRate() > worst.errorRate())) {
        worst = s;
      }
    }
    if (worst == null || errors == 0) {
      return null;
    }
    long restN = served - worst.count();
    double rest = restN <= 0 ? Double.NaN : (double) (errors - worst.errors5xx()) / restN;
    return new Outlier(
        worst.server(), worst.errorRate(), rest, (double) worst.errors5xx() / errors);
  }

  private static boolean singledOut(Outlier o) {
    return o.rate() >= ONE_SERVER_MIN_RATE
        && o.rate() >= ONE_SERVER_MULTIPLE * Math.max(o.restRate(), 0.001);
  }

  private static Hypothesis oneServer(
      PoolObservation obs, PoolBaseline baseline, Outlier outlier, Expected expected) {
    Hypothesis slow = slowServer(obs, baseline, expected);
    if (slow != null) {
      return slow;
    }
    if (outlier == null) {
      return new Hypothesis(
          Theory.ONE_SERVER, Verdict.RULED_OUT, "no server returns 5xx or is slow");
    }
    boolean alone = Double.isNaN(outlier.restRate());
    String rates =
        outlier.server()
            + ": "
            + pct(outlier.rate())
            + " 5xx"
            + (alone ? "" : " against " + pct(outlier.restRate()) + " on the others");
    double share = (double) obs.server(outlier.server()).count() / obs.servedCount();
    Double exp = expected.shares().get(outlier.server());
    if (exp != null && share > Math.max(exp * 1.5, exp + 0.1) && (alone || singledOut(outlier))) {
      return new Hypothesis(
          Theory.ONE_SERVER,
          Verdict.RULED_OUT,
          rates
              + ", but at "
              + pct(share)
              + " of the traffic against "
              + pct(exp)
              + ": overloaded, not broken");
    }
    if (alone) {
      return new Hypothesis(
          Theory.ONE_SERVER, Verdict.UNCLEAR, outlier.server() + " serves the whole pool");
    }
    if (!singledOut(outlier)) {
      return new Hypothesis(
          Theory.ONE_SERVER,
          Verdict.RULED_OUT,
          "5xx spread over the servers (worst " + rates + ")");
    }
    return new Hypothesis(
        Theory.ONE_SERVER,
        Verdict.FITS,
        rates
            + (exp == null
                ? ""
                : ", not overloaded ("
                    + pct(share)
                    + " of the traffic, "
                    + pct(exp)
                    + " expected)"));
  }

  /**
   * A server whose p95 is far above its own baseline while every other server is near its own, or
   * null.
   */
  private static Hypothesis slowServer(
      PoolObservation obs, PoolBaseline baseline, Expected expected) {
    String slow = null;
    int slowP95 = 0;
    int slowBase = 0;
    int usual = 0;
    for (ServerObservation s : obs.servers()) {
      int base = baseline.isEstablished(s.server()) ? baseline.p95Ms(s.server()) : 0;
      if (s.latency() == null || s.latency().count() < MIN_SERVER_COUNT || base <= 0) {
        continue;
      }
      int p95 = s.latency().quantile(0.95);
      if (p95 >= 2 * base && p95 - base >= 50) {
        if (slow != null) {
          return null; // more than one: not one bad server
        }
        slow = s.server();
        slowP95 = p95;
        slowBase = base;
      } else if (p95 > 1.5 * base + 20) {
        return null;
      } else {
        usual++;
      }
    }
    if (slow == null || usual == 0) {
      return null; // "the others as usual" needs others that were measured
    }
    double share = (double) obs.server(slow).count() / obs.servedCount();
    Double exp = expected.shares().get(slow);
    String numbers = slow + ": p95 " + slowP95 + " ms against " + slowBase + " ms usually";
    if (exp != null && share > Math.max(exp * 1.5, exp + 0.1)) {
      return new Hypothesis(
          Theory.ONE_SERVER,
          Verdict.RULED_OUT,
          numbers
              + ", but at "
              + pct(share)
              + " of the traffic against "
              + pct(exp)
              + ": overloaded, not broken");
    }
    return new Hypothesis(Theory.ONE_SERVER, Verdict.FITS, numbers + ", the others as usual");
  }

  private boolean errorsElevated(PoolObservation obs, PoolBaseline baseline) {
    double rate = obs.requestCount() == 0 ? 0 : (double) obs.errorCount() / obs.requestCount();
    double base = Math.max(baseline.errorRate(), settings.errors().floorRate());
    return obs.errorCount() >= settings.errors().minCount()
        && rate >= Math.max(3 * base, base + 0.02);
  }

  private Hypothesis sharedDependency(
      PoolObservation obs,
      PoolBaseline baseline,
      Shift shift,
      Outlier outlier,
      boolean errorsUp,
      boolean routingFits) {
    double rate = obs.requestCount() == 0 ? 0 : (double) obs.errorCount() / obs.requestCount();
    String errors = pct(rate) + " 5xx against " + pct(baseline.errorRate()) + " usually";
    if (!baseline.isWarm()) {
      return new Hypothesis(
          Theory.SHARED_DEPENDENCY, Verdict.UNCLEAR, "no warm baseline (" + pct(rate) + " 5xx)");
    }
    if (!errorsUp) {
      return new Hypothesis(
          Theory.SHARED_DEPENDENCY, Verdict.RULED_OUT, "errors not elevated (" + errors + ")");
    }
    if (routingFits) {
      return new Hypothesis(
          Theory.SHARED_DEPENDENCY,
          Verdict.RULED_OUT,
          "the shares moved "
              + points(shift.tvd())
              + " and the 5xx follow them, which a database outage does not do");
    }
    if (outlier != null && !Double.isNaN(outlier.restRate()) && singledOut(outlier)) {
      return new Hypothesis(
          Theory.SHARED_DEPENDENCY,
          Verdict.RULED_OUT,
          pct(outlier.shareOfErrors()) + " of the 5xx are on " + outlier.server());
    }
    if (!shift.known() || shift.tvd() >= SHIFT_RULES_OUT) {
      return new Hypothesis(Theory.SHARED_DEPENDENCY, Verdict.UNCLEAR, errors);
    }
    return new Hypothesis(
        Theory.SHARED_DEPENDENCY, Verdict.FITS, errors + ", on every server, shares unchanged");
  }

  private static Hypothesis surge(PoolObservation obs, PoolBaseline baseline) {
    double seconds = Math.max(1, obs.windowEndMs() - obs.windowStartMs()) / 1000.0;
    double now = obs.requestCount() / seconds;
    double usual = baseline.requestRate() / seconds;
    if (baseline.healthyWindows() == 0 || usual <= 0) {
      return new Hypothesis(
          Theory.TRAFFIC_SURGE, Verdict.UNCLEAR, rate(now) + ", no baseline rate yet");
    }
    String numbers = rate(now) + " against a baseline of " + rate(usual);
    if (now >= SURGE_FITS * usual) {
      return new Hypothesis(Theory.TRAFFIC_SURGE, Verdict.FITS, numbers);
    }
    if (now <= SURGE_RULES_OUT * usual) {
      return new Hypothesis(Theory.TRAFFIC_SURGE, Verdict.RULED_OUT, numbers);
    }
    return new Hypothesis(Theory.TRAFFIC_SURGE, Verdict.UNCLEAR, numbers);
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, perSecond >= 10 ? "%.0f req/s" : "%.1f req/s", perSecond);
  }

  private static String points(double fraction) {
    return String.format(Locale.ROOT, "%.0f points", fraction * 100);
  }
}
