package io.fulcrum.guard.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The report as lines a person reads, in the postmortems' own words: one line per finding, starting
 * with the pool and what changed in it, ending in BLOCK or WARN; the predicted shares under each
 * changed pool; then the verdict.
 */
public final class ReportText {
  private ReportText() {}

  public static List<String> lines(CheckReport r) {
    List<String> out = new ArrayList<>();
    for (PoolDiff d : r.pools()) {
      List<Finding> fs =
          r.findings().stream().filter(f -> !f.measured() && f.pool().equals(d.pool())).toList();
      String summary = summary(d.changes());
      if (fs.isEmpty()) {
        out.add(d.pool() + ": " + (summary.isEmpty() ? "unchanged" : summary + ": ok"));
      }
      for (int i = 0; i < fs.size(); i++) {
        Finding f = fs.get(i);
        out.add(
            d.pool()
                + ": "
                + (i == 0 && !summary.isEmpty() ? summary + "; " : "")
                + f.message()
                + ": "
                + f.severity());
      }
      if (d.changed()) {
        out.add("  " + shares(d));
      }
    }
    for (RouteChange rc : r.routes()) {
      if (r.findings().stream().noneMatch(f -> f.message().startsWith(rc.text()))) {
        out.add("routing: " + rc.text());
      }
    }
    r.findings().stream()
        .filter(f -> !f.measured() && r.pools().stream().noneMatch(d -> d.pool().equals(f.pool())))
        .forEach(f -> out.add("routing: " + f.message() + ": " + f.severity()));
    if (r.rehearsed() != null) {
      out.addAll(rehearsal(r));
    }
    r.notUnderstood().forEach(n -> out.add("not understood: " + n));
    out.add(verdict(r));
    return out;
  }

  /**
   * The changes joined by "; ", servers with the same change named together ("web-2, web-3
   * disabled").
   */
  static String summary(List<Change> changes) {
    Map<String, List<String>> byDetail = new java.util.LinkedHashMap<>();
    for (Change c : changes) {
      String key =
          c.server() == null || c.kind() == Change.Kind.RENAMED ? c.text() : "\u0000" + c.detail();
      byDetail.computeIfAbsent(key, k -> new ArrayList<>());
      if (key.startsWith("\u0000")) {
        byDetail.get(key).add(c.server());
      }
    }
    return byDetail.entrySet().stream()
        .map(
            e ->
                e.getKey().startsWith("\u0000")
                    ? String.join(", ", e.getValue()) + " " + e.getKey().substring(1)
                    : e.getKey())
        .collect(Collectors.joining("; "));
  }

  static String verdict(CheckReport r) {
    List<Finding> blocking = r.findings().stream().filter(Finding::blocks).toList();
    if (blocking.isEmpty()) {
      long changed = r.pools().stream().filter(PoolDiff::changed).count();
      return "verdict: PASS ("
          + r.pools().size()
          + " pools checked, "
          + changed
          + " changed, nothing blocks"
          + (r.rehearsed() == null ? "" : ", rehearsal agrees")
          + ")";
    }
    Set<String> where =
        blocking.stream().map(Finding::pool).collect(Collectors.toCollection(LinkedHashSet::new));
    return "verdict: BLOCK ("
        + blocking.size()
        + (blocking.size() == 1 ? " finding blocks" : " findings block")
        + " in "
        + String.join(", ", where)
        + ")";
  }

  /**
   * {@code be_web shares: web-1 25% -> 100%, web-2 25% -> removed}, with the basis when it is an
   * estimate.
   */
  static String shares(PoolDiff d) {
    List<String> parts = new ArrayList<>();
    Map<String, Double> before = d.sharesBefore().shares();
    Set<String> seen = new LinkedHashSet<>();
    before.forEach(
        (name, share) -> {
          String now = d.renamed(name);
          seen.add(now);
          Double after = d.sharesAfter().shares().get(now);
          parts.add(
              (now.equals(name) ? name : name + "->" + now)
                  + " "
                  + GuardRules.pct(share)
                  + " -> "
                  + (after == null ? "removed" : GuardRules.pct(after)));
        });
    d.sharesAfter()
        .shares()
        .forEach(
            (name, share) -> {
              if (!seen.contains(name)) {
                parts.add(name + " new -> " + GuardRules.pct(share));
              }
            });
    Shares basis = d.after() != null ? d.sharesAfter() : d.sharesBefore();
    return d.pool()
        + " shares: "
        + String.join(", ", parts)
        + (basis.estimate() ? " (estimate: " + basis.basis() + ")" : "");
  }

  private static List<String> rehearsal(CheckReport r) {
    Rehearsed m = r.rehearsed();
    List<String> out = new ArrayList<>();
    out.add(
        "rehearsal on "
            + m.lb()
            + ", "
            + m.requests()
            + " requests per entry point; statuses current "
            + m.statusesCurrent()
            + ", candidate "
            + m.statusesCandidate());
    if (!m.rewrites().isEmpty()) {
      out.add("  rewritten to run here: " + String.join("; ", m.rewrites()));
    }
    Set<String> pools = new LinkedHashSet<>(m.current().keySet());
    pools.addAll(m.candidate().keySet());
    for (String pool : pools) {
      PoolDiff d = r.pools().stream().filter(p -> p.pool().equals(pool)).findFirst().orElse(null);
      if (d == null) {
        continue;
      }
      Shares cur = m.current().getOrDefault(pool, new Shares(Map.of(), false, "measured"));
      Shares cand = m.candidate().getOrDefault(pool, new Shares(Map.of(), false, "measured"));
      List<String> parts = new ArrayList<>();
      cand.shares()
          .forEach(
              (name, share) ->
                  parts.add(
                      name
                          + " "
                          + GuardRules.pct(share)
                          + " (predicted "
                          + GuardRules.pct(d.sharesAfter().of(name))
                          + ")"));
      out.add(
          "  "
              + pool
              + " measured: "
              + (cand.receivers().isEmpty() ? "no request reached it" : String.join(", ", parts))
              + "; current: "
              + (cur.receivers().isEmpty()
                  ? "no request reached it"
                  : cur.shares().entrySet().stream()
                      .map(e -> e.getKey() + " " + GuardRules.pct(e.getValue()))
                      .collect(Collectors.joining(", "))));
    }
    r.findings().stream()
        .filter(Finding::measured)
        .forEach(f -> out.add(f.pool() + ": " + f.message() + ": " + f.severity()));
    return out;
  }
}
