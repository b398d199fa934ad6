package io.fulcrum.guard.check;

import java.util.List;
import java.util.Map;

/**
 * What a rehearsal on a real load balancer measured: per pool, the share of requests each server's
 * stand-in got, for the running config and the candidate, with the HTTP statuses the clients saw.
 *
 * @param lb e.g. "haproxy 2.6.12"
 * @param requests requests sent to each entry point, per config
 * @param rewrites what was changed so the configs could run here (bind addresses, servers, user,
 *     ssl...)
 */
public record Rehearsed(
    String lb,
    int requests,
    Map<String, Shares> current,
    Map<String, Shares> candidate,
    Map<Integer, Integer> statusesCurrent,
    Map<Integer, Integer> statusesCandidate,
    List<String> rewrites) {
  public Rehearsed {
    current = Map.copyOf(current);
    candidate = Map.copyOf(candidate);
    statusesCurrent = Map.copyOf(statusesCurrent);
    statusesCandidate = Map.copyOf(statusesCandidate);
    rewrites = List.copyOf(rewrites);
  }
}
