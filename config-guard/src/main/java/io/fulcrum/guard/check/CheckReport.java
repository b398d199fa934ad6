package io.fulcrum.guard.check;

import io.fulcrum.guard.LbFormat;
import io.fulcrum.guard.Note;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a check: the pools' diffs, routing changes, findings, what was not understood on
 * either side, and, after a rehearsal, what the real load balancer did.
 */
public record CheckReport(
    LbFormat format,
    List<PoolDiff> pools,
    List<RouteChange> routes,
    List<Finding> findings,
    List<Note> notUnderstoodCurrent,
    List<Note> notUnderstoodCandidate,
    Rehearsed rehearsed) {
  /** Exit codes of {@code fulcrum check}. */
  public static final int PASS = 0;

  public static final int BLOCKED = 1;
  public static final int BAD_INPUT = 2;

  public CheckReport {
    pools = List.copyOf(pools);
    routes = List.copyOf(routes);
    findings = List.copyOf(findings);
    notUnderstoodCurrent = List.copyOf(notUnderstoodCurrent);
    notUnderstoodCandidate = List.copyOf(notUnderstoodCandidate);
  }

  public boolean blocked() {
    return findings.stream().anyMatch(Finding::blocks);
  }

  public String verdict() {
    return blocked() ? "BLOCK" : "PASS";
  }

  public int exitCode() {
    return blocked() ? BLOCKED : PASS;
  }

  /** This report with the rehearsal's measurements and the findings on them. */
  public CheckReport withRehearsal(Rehearsed r, List<Finding> measuredFindings) {
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(measuredFindings);
    return new CheckReport(
        format, pools, routes, all, notUnderstoodCurrent, notUnderstoodCandidate, r);
  }

  /** The candidate's notes, then those of the current config that the candidate does not repeat. */
  public List<String> notUnderstood() {
    List<String> out = new ArrayList<>();
    notUnderstoodCandidate.forEach(n -> out.add("candidate " + n));
    List<String> texts = notUnderstoodCandidate.stream().map(Note::text).toList();
    notUnderstoodCurrent.stream()
        .filter(n -> !texts.contains(n.text()))
        .forEach(n -> out.add("current " + n));
    return out;
  }
}
