package io.fulcrum.guard.check;

import io.fulcrum.guard.LbConfig;
import io.fulcrum.guard.LbFormat;
import io.fulcrum.guard.Route;
import io.fulcrum.guard.Server;
import io.fulcrum.guard.check.Finding.Rule;
import io.fulcrum.guard.check.Finding.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The semantic diff of a candidate config against the running one: per pool, what changed and the
 * predicted share of traffic per server before and after; routing changes; and the findings that
 * block the change.
 *
 * <p>This class judges each pool (share growth, shared addresses, capacity); what changed in a pool
 * is described by {@link PoolChanges}, and routes are diffed and judged by {@link RouteChecks}.
 */
public final class ChangeGuard {
  private final GuardSettings settings;

  public ChangeGuard(GuardSettings settings) {
    this.settings = settings;
  }

  /**
   * @param pool only this pool (and the routes to it), or null for all
   * @throws IllegalArgumentException when {@code pool} is in neither config
   */
  public CheckReport check(LbConfig current, LbConfig candidate, String pool) {
    Set<String> names = new LinkedHashSet<>(current.pools().keySet());
    names.addAll(candidate.pools().keySet());
    if (pool != null) {
      if (!names.contains(pool)) {
        throw new IllegalArgumentException(
            "unknown pool '" + pool + "' (pools: " + String.join(", ", names) + ")");
      }
      names = Set.of(pool);
    }
    List<PoolDiff> diffs = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (String name : names) {
      PoolDiff d =
          PoolChanges.diff(
              name, current.pools().get(name), candidate.pools().get(name), current.format());
      diffs.add(d);
      findings.addAll(findings(d, candidate));
    }
    List<RouteChange> routes = RouteChecks.changes(current, candidate, pool);
    findings.addAll(RouteChecks.findings(routes, diffs, candidate, settings));
    return new CheckReport(
        candidate.format(),
        diffs,
        routes,
        findings,
        current.notUnderstood(),
        candidate.notUnderstood(),
        null);
  }

  private List<Finding> findings(PoolDiff d, LbConfig candidate) {
    List<Finding> out = new ArrayList<>();
    if (d.after() == null) {
      List<Route> still = candidate.routesTo(d.pool());
      if (!still.isEmpty()) {
        out.add(
            new Finding(
                d.pool(),
                Rule.UNKNOWN_POOL,
                Severity.BLOCK,
                "removed, but "
                    + still.get(0).from()
                    + " still routes to it: those requests would fail",
                false));
      }
      return out;
    }
    if (d.before() == null) {
      return out;
    }
    Set<String> backups =
        d.after().servers().stream()
            .filter(Server::backup)
            .map(Server::name)
            .collect(Collectors.toSet());
    out.addAll(
        GuardRules.evaluate(
            d.pool(), d.sharesBefore(), d.sharesAfter(), d.renames(), backups, settings, false));
    out.addAll(addressGrowth(d, candidate.format()));
    capacity(d).ifPresent(out::add);
    return out;
  }

  /** Two servers on one address are one machine: its share is theirs together. */
  private List<Finding> addressGrowth(PoolDiff d, LbFormat format) {
    List<Finding> out = new ArrayList<>();
    int port = format == LbFormat.NGINX ? 80 : 0;
    PoolChanges.addressGroups(d.after(), format)
        .forEach(
            (address, servers) -> {
              double share = servers.stream().mapToDouble(s -> d.sharesAfter().of(s)).sum();
              double was =
                  d.before().servers().stream()
                      .filter(s -> s.addressKey(port).equals(address))
                      .mapToDouble(s -> d.sharesBefore().of(s.name()))
                      .sum();
              if (GuardRules.grows(was, share, settings)) {
                out.add(
                    new Finding(
                        d.pool(),
                        Rule.SHARE_GROWTH,
                        Severity.BLOCK,
                        String.format(
                            Locale.ROOT,
                            "%s (%s) would take %s of traffic (now %s, %s)",
                            address,
                            String.join(", ", servers),
                            GuardRules.pct(share),
                            GuardRules.pct(was),
                            GuardRules.times(share / was)),
                        false));
              }
            });
    return out;
  }

  /**
   * Serving capacity is the sum of active weights. Weights are relative, so when every server that
   * stays has its weight scaled by the same factor (100 -> 10 everywhere), the candidate's are
   * scaled back before comparing.
   */
  private java.util.Optional<Finding> capacity(PoolDiff d) {
    double before = d.capacityBefore();
    if (before <= 0) {
      return java.util.Optional.empty();
    }
    Set<Double> ratios = new LinkedHashSet<>();
    d.before()
        .declaredWeights()
        .forEach(
            (name, w) -> {
              Integer now = d.after().declaredWeights().get(d.renamed(name));
              if (now != null) {
                ratios.add(now / (double) w);
              }
            });
    double scale = ratios.size() == 1 ? ratios.iterator().next() : 1.0;
    double after = d.capacityAfter() / scale;
    double loss = 1 - after / before;
    if (d.capacityAfter() == 0 && !d.sharesAfter().receivers().isEmpty()) {
      return java.util.Optional.empty(); // backups only: said by its own rule
    }
    if (loss <= settings.maxCapacityLoss() + 1e-9) {
      return java.util.Optional.empty();
    }
    String msg =
        d.capacityAfter() == 0
            ? "no server would get traffic: every request would fail (active weight "
                + d.capacityBefore()
                + " -> 0)"
            : "serving capacity would fall by "
                + GuardRules.pct(loss)
                + " (active weight "
                + d.capacityBefore()
                + " -> "
                + d.capacityAfter()
                + (scale != 1.0 ? ", rescaled " + GuardRules.times(scale) : "")
                + ")";
    return java.util.Optional.of(
        new Finding(
            d.pool(),
            d.capacityAfter() == 0 ? Rule.NO_SERVER : Rule.CAPACITY_LOSS,
            Severity.BLOCK,
            msg,
            false));
  }
}
