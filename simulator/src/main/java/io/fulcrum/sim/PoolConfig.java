package io.fulcrum.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One config version of one pool.
 *
 * <p>The simulator keeps apart what the LB really does ({@code routingWeights}) and what the deploy
 * tool says it does ({@code declaredWeights}): in the postmortems a typo in the server pool sent
 * all traffic to one server while nobody had declared any weight change.
 *
 * @param routingWeights weights the LB routes by; servers absent or at 0 get nothing
 * @param declaredWeights weights announced with the change, or {@code null} when none are announced
 * @param serverErrorRate extra share of requests the servers answer with 5xx under this config
 *     (e.g. a header rewrite the application rejects); 0 for most configs
 * @param unreachable servers this config points at a wrong address: the LB routes to them and every
 *     such request fails at once with a 503 (connection refused, no health check)
 * @param addedLatencyMs latency this config adds to every served request (e.g. upstream keepalive
 *     dropped)
 * @param rampMs how long the LB takes to move from the previous routing to this one, linearly (a
 *     change rolled out node by node, a new server in slow start); 0 for at once
 */
public record PoolConfig(
    String version,
    Map<String, Double> routingWeights,
    Map<String, Double> declaredWeights,
    String description,
    double serverErrorRate,
    Set<String> unreachable,
    int addedLatencyMs,
    long rampMs) {

  public PoolConfig {
    Objects.requireNonNull(version, "version");
    routingWeights =
        sortedWeights(Objects.requireNonNull(routingWeights, "routingWeights"), "routingWeights");
    declaredWeights =
        declaredWeights == null ? null : sortedWeights(declaredWeights, "declaredWeights");
    description = description == null ? "" : description;
    if (!(serverErrorRate >= 0 && serverErrorRate <= 1)) {
      throw new IllegalArgumentException("serverErrorRate must be in [0,1]: " + serverErrorRate);
    }
    unreachable = unreachable == null ? Set.of() : Set.copyOf(unreachable);
    if (addedLatencyMs < 0) {
      throw new IllegalArgumentException("addedLatencyMs must be >= 0: " + addedLatencyMs);
    }
    if (rampMs < 0) {
      throw new IllegalArgumentException("rampMs must be >= 0: " + rampMs);
    }
  }

  public PoolConfig(
      String version,
      Map<String, Double> routingWeights,
      Map<String, Double> declaredWeights,
      String description,
      double serverErrorRate,
      Set<String> unreachable,
      int addedLatencyMs) {
    this(
        version,
        routingWeights,
        declaredWeights,
        description,
        serverErrorRate,
        unreachable,
        addedLatencyMs,
        0);
  }

  public PoolConfig(
      String version,
      Map<String, Double> routingWeights,
      Map<String, Double> declaredWeights,
      String description,
      double serverErrorRate) {
    this(version, routingWeights, declaredWeights, description, serverErrorRate, Set.of(), 0);
  }

  public PoolConfig(
      String version,
      Map<String, Double> routingWeights,
      Map<String, Double> declaredWeights,
      String description) {
    this(version, routingWeights, declaredWeights, description, 0.0);
  }

  /** Equal weights over {@code servers}, declared as routed. */
  public static PoolConfig even(String version, List<String> servers, String description) {
    Map<String, Double> w = evenWeights(servers);
    return new PoolConfig(version, w, w, description);
  }

  /** A config the LB honours exactly: declared weights are the routing weights. */
  public static PoolConfig honoured(
      String version, Map<String, Double> weights, String description) {
    return new PoolConfig(version, weights, weights, description);
  }

  /** A broken config: the LB routes by {@code routing}, and no weights are announced. */
  public static PoolConfig undeclared(
      String version, Map<String, Double> routing, String description) {
    return new PoolConfig(version, routing, null, description);
  }

  public PoolConfig withServerErrorRate(double rate) {
    return new PoolConfig(
        version,
        routingWeights,
        declaredWeights,
        description,
        rate,
        unreachable,
        addedLatencyMs,
        rampMs);
  }

  public PoolConfig withUnreachable(Set<String> servers) {
    return new PoolConfig(
        version,
        routingWeights,
        declaredWeights,
        description,
        serverErrorRate,
        servers,
        addedLatencyMs,
        rampMs);
  }

  public PoolConfig withAddedLatencyMs(int ms) {
    return new PoolConfig(
        version,
        routingWeights,
        declaredWeights,
        description,
        serverErrorRate,
        unreachable,
        ms,
        rampMs);
  }

  public PoolConfig withRampMs(long ms) {
    return new PoolConfig(
        version,
        routingWeights,
        declaredWeights,
        description,
        serverErrorRate,
        unreachable,
        addedLatencyMs,
        ms);
  }

  /** True when no server has a positive weight: every request is a {@code <NOSRV>} 503. */
  public boolean routesNowhere() {
    return routingWeights.values().stream().noneMatch(w -> w > 0);
  }

  public static Map<String, Double> evenWeights(List<String> servers) {
    Map<String, Double> w = new LinkedHashMap<>();
    for (String s : servers) {
      w.put(s, 1.0);
    }
    return w;
  }

  /**
   * Sorted, unmodifiable copy: iteration order must not depend on the caller's map (determinism).
   */
  static Map<String, Double> sortedWeights(Map<String, Double> weights, String what) {
    TreeMap<String, Double> copy = new TreeMap<>();
    weights.forEach(
        (server, w) -> {
          Objects.requireNonNull(server, what + " server");
          if (w == null || !(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException(
                what + ": weight of " + server + " must be finite and >= 0: " + w);
          }
          copy.put(server, w);
        });
    return Collections.unmodifiableMap(copy);
  }
}
