package io.fulcrum.guard.check;

import io.fulcrum.guard.LbConfig;
import io.fulcrum.guard.LbFormat;
import io.fulcrum.guard.Pool;
import io.fulcrum.guard.Route;
import io.fulcrum.guard.Server;
import io.fulcrum.guard.check.Change.Kind;
import io.fulcrum.guard.check.Finding.Rule;
import io.fulcrum.guard.check.Finding.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The semantic diff of a candidate config against the running one: per pool, what changed and the
 * predicted share of traffic per server before and after; routing changes; and the findings that
 * block the change.
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
          diff(name, current.pools().get(name), candidate.pools().get(name), current.format());
      diffs.add(d);
      findings.addAll(findings(d, candidate));
    }
    List<RouteChange> routes = routeChanges(current, candidate, pool);
    findings.addAll(routeFindings(routes, diffs, candidate));
    return new CheckReport(
        candidate.format(),
        diffs,
        routes,
        findings,
        current.notUnderstood(),
        candidate.notUnderstood(),
        null);
  }

  static PoolDiff diff(String name, Pool before, Pool after, LbFormat format) {
    List<Change> changes = new ArrayList<>();
    Map<String, String> renames = new LinkedHashMap<>();
    if (before == null) {
      changes.add(
          new Change(
              Kind.POOL_ADDED,
              null,
              "new " + after.kind() + " with " + after.servers().size() + " servers"));
    } else if (after == null) {
      changes.add(new Change(Kind.POOL_REMOVED, null, before.kind() + " removed"));
    } else {
      serverChanges(before, after, format, changes, renames);
    }
    if (after != null) {
      duplicates(after, format, changes);
    }
    Shares sb = before == null ? new Shares(Map.of(), false, "new pool") : Shares.predict(before);
    Shares sa = after == null ? new Shares(Map.of(), false, "removed") : Shares.predict(after);
    return new PoolDiff(
        name,
        before,
        after,
        changes,
        renames,
        sb,
        sa,
        before == null ? 0 : Shares.capacity(before),
        after == null ? 0 : Shares.capacity(after));
  }

  private static void serverChanges(
      Pool b, Pool a, LbFormat format, List<Change> changes, Map<String, String> renames) {
    if (!b.balance().equals(a.balance())) {
      changes.add(new Change(Kind.BALANCE, null, "balance " + b.balance() + " -> " + a.balance()));
    }
    if (b.disabled() != a.disabled()) {
      changes.add(
          new Change(
              a.disabled() ? Kind.POOL_DISABLED : Kind.POOL_ENABLED,
              null,
              a.disabled() ? "whole pool disabled" : "pool enabled again"));
    }
    templates(b, a, changes);
    int port = format == LbFormat.NGINX ? 80 : 0;
    List<Server> removed = b.servers().stream().filter(s -> a.server(s.name()).isEmpty()).toList();
    List<Server> added =
        new ArrayList<>(a.servers().stream().filter(s -> b.server(s.name()).isEmpty()).toList());
    List<String> gone = new ArrayList<>();
    for (Server r : removed) {
      Server same =
          r.template() != null
              ? null
              : added.stream()
                  .filter(
                      x -> x.template() == null && x.addressKey(port).equals(r.addressKey(port)))
                  .findFirst()
                  .orElse(null);
      if (same != null) {
        added.remove(same);
        renames.put(r.name(), same.name());
        changes.add(
            new Change(
                Kind.RENAMED,
                r.name(),
                "renamed " + same.name() + " (same address " + same.address() + ")"));
        compare(r, same, changes);
      } else {
        gone.add(r.name());
      }
    }
    if (!gone.isEmpty()) {
      changes.add(new Change(Kind.REMOVED, String.join(", ", gone), "removed"));
    }
    for (Server s : added) {
      changes.add(
          new Change(
              Kind.ADDED,
              s.name(),
              "added ("
                  + s.address()
                  + ", weight "
                  + s.weight()
                  + (s.backup() ? ", backup" : "")
                  + (s.disabled() ? ", disabled" : "")
                  + ")"));
    }
    for (Server s : b.servers()) {
      a.server(s.name()).ifPresent(n -> compare(s, n, changes));
    }
  }

  private static void compare(Server b, Server a, List<Change> changes) {
    String name = a.name();
    if (!b.address().equals(a.address())) {
      changes.add(new Change(Kind.ADDRESS, name, "address " + b.address() + " -> " + a.address()));
    }
    if (b.weight() != a.weight()) {
      changes.add(
          new Change(
              Kind.WEIGHT,
              name,
              "weight "
                  + b.weight()
                  + " -> "
                  + a.weight()
                  + (a.weight() == 0 ? " (drained)" : "")));
    }
    if (b.disabled() != a.disabled()) {
      changes.add(
          new Change(
              a.disabled() ? Kind.DISABLED : Kind.ENABLED,
              name,
              a.disabled() ? "disabled" : "enabled"));
    }
    if (b.backup() != a.backup()) {
      changes.add(
          new Change(
              a.backup() ? Kind.BACKUP : Kind.NOT_BACKUP,
              name,
              a.backup() ? "now backup" : "no longer backup"));
    }
  }

  private static void templates(Pool b, Pool a, List<Change> changes) {
    Map<String, Long> before = templateCounts(b);
    Map<String, Long> after = templateCounts(a);
    before.forEach(
        (prefix, n) -> {
          long m = after.getOrDefault(prefix, 0L);
          if (m != n) {
            changes.add(
                new Change(
                    Kind.TEMPLATE_COUNT,
                    null,
                    "server-template " + prefix + ": " + n + " -> " + m + " servers"));
          }
        });
  }

  private static Map<String, Long> templateCounts(Pool p) {
    return p.servers().stream()
        .filter(s -> s.template() != null)
        .collect(Collectors.groupingBy(Server::template, TreeMap::new, Collectors.counting()));
  }

  private static void duplicates(Pool p, LbFormat format, List<Change> changes) {
    addressGroups(p, format)
        .forEach(
            (address, servers) ->
                changes.add(
                    new Change(
                        Kind.DUPLICATE_ADDRESS,
                        null,
                        String.join(", ", servers) + " share address " + address)));
  }

  /**
   * Addresses that more than one server of the pool points at (templates excluded: they share a DNS
   * name).
   */
  static Map<String, List<String>> addressGroups(Pool p, LbFormat format) {
    int port = format == LbFormat.NGINX ? 80 : 0;
    Map<String, List<String>> by = new LinkedHashMap<>();
    p.servers().stream()
        .filter(s -> s.template() == null)
        .forEach(s -> by.computeIfAbsent(s.addressKey(port), k -> new ArrayList<>()).add(s.name()));
    by.values().removeIf(l -> l.size() < 2);
    return by;
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
    addressGroups(d.after(), format)
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

  private static List<RouteChange> routeChanges(LbConfig current, LbConfig candidate, String pool) {
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
  private List<Finding> routeFindings(
      List<RouteChange> routes, List<PoolDiff> diffs, LbConfig candidate) {
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
