package io.fulcrum.detect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Expected traffic shares for one window.
 *
 * <p>{@code shares} holds the <em>active</em> servers (share &gt; 0, summing to 1) and the
 * <em>drained</em> ones (share exactly 0). A server not in the map has no expectation: it is new to
 * the baseline, or a member the declared weights do not mention. Such servers are left out of the
 * distribution test, but their traffic still counts in the window total, so traffic that moved to
 * them makes the expected servers look starved.
 *
 * <p>Resolution order:
 *
 * <ol>
 *   <li>DECLARED: the latest declared weights, normalised over the declared servers (declared
 *       servers missing from the observation count as members with 0 requests). Weight 0 = drained.
 *       Used only if some weight is &gt; 0, and only if they do not concentrate the traffic the
 *       warm baseline knows (see {@link #concentrates}): such a declaration is the postmortems'
 *       typo written down, not an intention (the change guard blocks such configs before they
 *       ship). Since deploys and the actuator announce every change with the weights parsed from
 *       the config, trusting such a declaration would make the incident look expected.
 *   <li>BASELINE: if the baseline is warm, the learned shares of the current members that are
 *       established in it (see {@link PoolBaseline#isEstablished}), renormalised. A server the
 *       window no longer lists is treated as deliberately removed, unless the missing servers
 *       carried more than half the learned traffic: then they stay expected (with 0 observed), so a
 *       bad config keeps alarming after the membership list forgets the servers it starves.
 *   <li>NONE: no IMBALANCE verdict is possible.
 * </ol>
 *
 * @param effectiveRequests how many requests the expected shares are worth as a sample: infinite
 *     for declared weights, the harmonic mean of {@link PoolBaseline#shareSampleSize} over the
 *     active servers for a baseline
 */
public record Expected(
    ExpectedSource source, Map<String, Double> shares, double effectiveRequests) {
  private static final Expected NONE =
      new Expected(ExpectedSource.NONE, Map.of(), Double.POSITIVE_INFINITY);

  /**
   * Looser than the change guard's blocking defaults (1.5x, 10 points): the guard asks a human,
   * while here a planned drain of one server in three (1.5x) must not become a rollback.
   */
  static final double MAX_DECLARED_GROWTH = 2.0;

  static final double MIN_DECLARED_GROWTH_POINTS = 25;

  public Expected {
    shares = Collections.unmodifiableMap(new LinkedHashMap<>(shares));
  }

  public static Expected none() {
    return NONE;
  }

  /** Resolves the expected shares for {@code obs}; {@code baseline} may be null. */
  public static Expected resolve(PoolObservation obs, PoolBaseline baseline) {
    Map<String, Double> declared = obs.declaredWeights();
    if (declared != null) {
      double sum = 0;
      for (double w : declared.values()) {
        sum += w;
      }
      if (sum > 0 && Double.isFinite(sum)) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : declared.entrySet()) {
          out.put(e.getKey(), e.getValue() / sum);
        }
        if (baseline == null || !baseline.isWarm() || !concentrates(out, baseline)) {
          return new Expected(ExpectedSource.DECLARED, out, Double.POSITIVE_INFINITY);
        }
      }
    }
    if (baseline != null && baseline.isWarm()) {
      return fromBaseline(obs, baseline);
    }
    return NONE;
  }

  /**
   * Whether {@code declared} piles the learned traffic onto servers the baseline knows, as the
   * postmortems' typos did. Two shapes:
   *
   * <ul>
   *   <li>dropped: at least half the established servers are left out of the declaration (absent,
   *       not declared at weight 0, which is a deliberate drain) and no server new to the baseline
   *       takes their place;
   *   <li>skewed: a server that carried a normal share (at least half of an even one) is declared
   *       more than {@value #MAX_DECLARED_GROWTH}x and {@value #MIN_DECLARED_GROWTH_POINTS} points
   *       above its learned share, renormalised over the servers still in the declaration (so
   *       draining one of two is not a skew, and a restored server, whose learned share decayed
   *       while drained, is not judged at all).
   * </ul>
   */
  static boolean concentrates(Map<String, Double> declared, PoolBaseline baseline) {
    List<String> established = new ArrayList<>();
    for (String server : baseline.servers()) {
      if (baseline.share(server) > 0 && baseline.isEstablished(server)) {
        established.add(server);
      }
    }
    if (established.size() < 2) {
      return false;
    }
    int dropped = 0;
    double keptShare = 0;
    for (String server : established) {
      if (!declared.containsKey(server)) {
        dropped++;
      } else if (declared.get(server) > 0) {
        keptShare += baseline.share(server);
      }
    }
    boolean newcomers =
        declared.entrySet().stream()
            .anyMatch(e -> e.getValue() > 0 && !established.contains(e.getKey()));
    if (dropped > 0 && dropped * 2 >= established.size() && !newcomers) {
      return true;
    }
    double normal = 0.5 / established.size();
    for (String server : established) {
      double was = baseline.share(server);
      double now = declared.getOrDefault(server, 0.0);
      if (now <= 0 || was < normal || keptShare <= 0) {
        continue;
      }
      double wasAmongKept = was / keptShare;
      if (now > wasAmongKept * MAX_DECLARED_GROWTH
          && (now - wasAmongKept) * 100 >= MIN_DECLARED_GROWTH_POINTS) {
        return true;
      }
    }
    return false;
  }

  private static Expected fromBaseline(PoolObservation obs, PoolBaseline baseline) {
    Map<String, Double> members = new LinkedHashMap<>();
    Map<String, Double> missing = new LinkedHashMap<>();
    double memberShare = 0;
    double missingShare = 0;
    for (String server : baseline.servers()) {
      double share = baseline.share(server);
      if (share <= 0 || !baseline.isEstablished(server)) {
        continue;
      }
      if (obs.server(server) != null) {
        members.put(server, share);
        memberShare += share;
      } else {
        missing.put(server, share);
        missingShare += share;
      }
    }
    // Dropping a server or two from the pool is a removal; losing most of the expected capacity is
    // not
    // accepted silently (the membership list may have expired the servers a bad config starves).
    if (missingShare > memberShare) {
      members.putAll(missing);
      memberShare += missingShare;
    }
    if (!(memberShare > 0)) {
      return NONE;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    double inverseSize = 0;
    for (Map.Entry<String, Double> e : members.entrySet()) {
      out.put(e.getKey(), e.getValue() / memberShare);
      inverseSize += 1.0 / baseline.shareSampleSize(e.getKey());
    }
    double size = inverseSize > 0 ? out.size() / inverseSize : Double.POSITIVE_INFINITY;
    return new Expected(ExpectedSource.BASELINE, out, size);
  }

  /** Expected share of {@code server}, or null when it has no expectation. */
  public Double share(String server) {
    return shares.get(server);
  }

  /** Servers with a positive expected share, sorted. */
  public List<String> active() {
    List<String> out = new ArrayList<>();
    shares.forEach(
        (k, v) -> {
          if (v > 0) {
            out.add(k);
          }
        });
    Collections.sort(out);
    return out;
  }

  /** Servers expected to get nothing (declared weight 0), sorted. */
  public List<String> drained() {
    List<String> out = new ArrayList<>();
    shares.forEach(
        (k, v) -> {
          if (v == 0) {
            out.add(k);
          }
        });
    Collections.sort(out);
    return out;
  }

  /** The observed members plus every server with an expectation, sorted. */
  public List<String> universe(PoolObservation obs) {
    TreeSet<String> all = new TreeSet<>(shares.keySet());
    for (ServerObservation s : obs.servers()) {
      all.add(s.server());
    }
    return new ArrayList<>(all);
  }
}
