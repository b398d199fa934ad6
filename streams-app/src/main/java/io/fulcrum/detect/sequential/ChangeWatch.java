package io.fulcrum.detect.sequential;

import io.fulcrum.detect.AnomalyKind;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watches one pool from a config change for as long as the change is fresh, one slice (say a
 * second) at a time, and raises an alarm the moment the evidence that the change broke the pool is
 * overwhelming: a server taking far more than its expected share, one getting almost none of it, or
 * the 5xx rate far above the baseline.
 *
 * <p>Each of those is a {@link BernoulliEProcess}, Bonferroni-split, so the chance that a change
 * that left the pool within those bounds <em>ever</em> raises an alarm is at most {@code alpha},
 * however many slices are looked at. Only fresh changes are blamed (a change that ran healthy has
 * shown its effect), so one alpha per change is the whole false-rollback budget of the fast path.
 * Plain Java: the caller owns slicing and state.
 */
public final class ChangeWatch {
  /** Why the watch fired, with the numbers behind it. */
  public record Alarm(
      AnomalyKind kind,
      String server,
      long atMs,
      long msSinceChange,
      double observed,
      double nullBound,
      double logE,
      double logThreshold,
      long requests) {
    public String describe() {
      String what =
          switch (kind) {
            case ERROR_SPIKE -> "5xx rate " + pct(observed) + " (bound " + pct(nullBound) + ")";
            default ->
                server
                    + " got "
                    + pct(observed)
                    + " of "
                    + requests
                    + " requests (bound "
                    + pct(nullBound)
                    + ")";
          };
      return what
          + String.format(
              java.util.Locale.ROOT,
              " within %.1f s of the change (sequential test: e-value e^%.1f >= e^%.1f)",
              msSinceChange / 1000.0,
              logE,
              logThreshold);
    }

    private static String pct(double f) {
      return String.format(java.util.Locale.ROOT, "%.1f%%", f * 100);
    }
  }

  private record ServerTests(BernoulliEProcess over, BernoulliEProcess starved) {}

  private final long changeAtMs;
  private final SequentialSettings settings;
  private final Map<String, ServerTests> servers = new LinkedHashMap<>();
  private final BernoulliEProcess errors;
  private final double logThreshold;
  private final Map<String, Long> counts = new HashMap<>();
  private long requests;
  private long allRequests;
  private long errorCount;
  private Alarm alarm;

  /**
   * @param expectedShares what the pool should look like after the change (the pre-change baseline,
   *     or declared weights that do not concentrate the traffic)
   * @param baselineErrors the pool's usual 5xx rate
   */
  public ChangeWatch(
      long changeAtMs,
      Map<String, Double> expectedShares,
      double baselineErrors,
      SequentialSettings settings) {
    this.changeAtMs = changeAtMs;
    this.settings = settings;
    int tests = 1;
    for (Map.Entry<String, Double> e : expectedShares.entrySet()) {
      double share = e.getValue();
      double overBound = Math.max(share * settings.shareGrowth(), share + settings.sharePoints());
      BernoulliEProcess over = overBound < 1 ? BernoulliEProcess.atMost(overBound) : null;
      double starvedBound = share * settings.starvedFraction();
      BernoulliEProcess starved =
          share >= settings.minStarvedShare() ? BernoulliEProcess.atLeast(starvedBound) : null;
      servers.put(e.getKey(), new ServerTests(over, starved));
      tests += (over == null ? 0 : 1) + (starved == null ? 0 : 1);
    }
    this.errors =
        BernoulliEProcess.atMost(
            Math.min(
                0.99,
                Math.max(settings.errorMinRate(), baselineErrors * settings.errorMultiple())));
    this.logThreshold = Math.log(tests / settings.alpha());
  }

  /**
   * Feeds one slice, each once, in order; returns the alarm when this slice (or an earlier one)
   * made the watch fire. Slices that ended before the change, or begin after it stopped being
   * fresh, are ignored.
   */
  public Optional<Alarm> observe(PoolObservation slice) {
    if (alarm != null || expired(slice.windowStartMs()) || slice.windowEndMs() <= changeAtMs) {
      return Optional.ofNullable(alarm);
    }
    long n = slice.servedCount();
    for (ServerObservation s : slice.servers()) {
      counts.merge(s.server(), s.count(), Long::sum);
    }
    requests += n;
    allRequests += slice.requestCount();
    errorCount += slice.errorCount();
    List<Alarm> fired = new ArrayList<>();
    for (Map.Entry<String, ServerTests> e : servers.entrySet()) {
      ServerObservation so = slice.server(e.getKey());
      long got = so == null ? 0 : so.count();
      check(e.getValue().over(), got, n, AnomalyKind.IMBALANCE, e.getKey(), slice, fired);
      check(e.getValue().starved(), got, n, AnomalyKind.IMBALANCE, e.getKey(), slice, fired);
    }
    check(
        errors,
        slice.errorCount(),
        slice.requestCount(),
        AnomalyKind.ERROR_SPIKE,
        null,
        slice,
        fired);
    if (!fired.isEmpty()) {
      alarm = fired.get(0);
    }
    return Optional.ofNullable(alarm);
  }

  private void check(
      BernoulliEProcess test,
      long successes,
      long n,
      AnomalyKind kind,
      String server,
      PoolObservation slice,
      List<Alarm> fired) {
    if (test == null || n == 0) {
      return;
    }
    test.observe(successes, n);
    double logE = test.logE();
    if (logE >= logThreshold) {
      double observed =
          server == null
              ? (double) errorCount / Math.max(1, allRequests)
              : (double) counts.getOrDefault(server, 0L) / Math.max(1, requests);
      fired.add(
          new Alarm(
              kind,
              server,
              slice.windowEndMs(),
              slice.windowEndMs() - changeAtMs,
              observed,
              test.pNull(),
              logE,
              logThreshold,
              server == null ? allRequests : requests));
    }
  }

  /** Whether the change is no longer fresh at {@code nowMs}: the watch is over. */
  public boolean expired(long nowMs) {
    return nowMs - changeAtMs >= settings.freshMs();
  }

  public Optional<Alarm> alarm() {
    return Optional.ofNullable(alarm);
  }

  public long requests() {
    return requests;
  }
}
