package io.fulcrum.guard.check;

import io.fulcrum.guard.LbConfig;
import io.fulcrum.guard.LbFormat;
import io.fulcrum.guard.Pool;
import io.fulcrum.guard.Route;
import io.fulcrum.guard.check.Finding.Rule;
import io.fulcrum.guard.check.Finding.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routing side of {@link ChangeGuard}: which frontend routes point at another pool in the
 * candidate, and the findings about them (a route to a missing pool, or to a pool with fewer
 * servers). Apart from the per-pool rules because routes span pools.
 */
final class RouteChecks {
  private RouteChecks() {}

  static List<RouteChange> changes(LbConfig current, LbConfig candidate, String pool) {
    Map<String, Route> b = byKey(current.routes());
    Map<String, Route> a = byKey(candidate.routes());
    Set<String> keys = new LinkedHashSet<>(b.keySet());
    keys.addAll(a.keySet());
    List<RouteChange> out = new ArrayList<>();
    for (String k : keys) {
      Route rb = b.get(k);
      Route ra = a.get(k);
      String pb = rb == null ? null : rb.pool();
      String pa = ra == null ? null : ra.pool();
      if (java.util.Objects.equals(pb, pa)
          || pool != null && !pool.equals(pb) && !pool.equals(pa)) {
        continue;
      }
      Route r = ra != null ? ra : rb;
      out.add(new RouteChange(r.from(), r.condition(), pb, pa));
    }
    return out;
  }

  private static Map<String, Route> byKey(List<Route> routes) {
    Map<String, Route> m = new LinkedHashMap<>();
    routes.forEach(r -> m.putIfAbsent(r.key(), r));
    return m;
  }

  /**
   * A route now pointing at a missing pool, or from several servers' pool to a one-server pool,
   * blocks.
   */
  static List<Finding> findings(
      List<RouteChange> routes, List<PoolDiff> diffs, LbConfig candidate, GuardSettings settings) {
    List<Finding> out = new ArrayList<>();
    for (RouteChange r : routes) {
      if (r.after() == null || r.after().contains("%[") || r.after().contains("$")) {
        continue;
      }
      Pool target = candidate.pools().get(r.after());
      if (target == null) {
        // nginx would take "host:port" or a dotted name as a host; a bare name must be an upstream
        if (candidate.format() == LbFormat.HAPROXY || !r.after().matches(".*[.:].*")) {
          out.add(
              new Finding(
                  r.from(),
                  Rule.UNKNOWN_POOL,
                  Severity.BLOCK,
                  r.text() + ": no pool '" + r.after() + "' is defined; those requests would fail",
                  false));
        }
        continue;
      }
      if (r.before() == null) {
        continue;
      }
      int now =
          diffs.stream()
              .filter(d -> d.pool().equals(r.before()) && d.before() != null)
              .mapToInt(d -> d.sharesBefore().receivers().size())
              .findFirst()
              .orElse(0);
      int then = Shares.predict(target).receivers().size();
      if (settings.blockSingleServer() && then <= 1 && now >= 2) {
        out.add(
            new Finding(
                r.from(),
                Rule.ROUTING,
                Severity.BLOCK,
                r.text()
                    + ": traffic moves from "
                    + now
                    + " servers to "
                    + (then == 0 ? "none" : "only one"),
                false));
      } else {
        out.add(
            new Finding(
                r.from(),
                Rule.ROUTING,
                Severity.WARN,
                r.text() + ": traffic moves to another pool",
                false));
      }
    }
    return out;
  }
}
