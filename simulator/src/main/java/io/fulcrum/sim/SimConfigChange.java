package io.fulcrum.sim;

import java.util.Map;
import java.util.Objects;

/**
 * A config version going live on one pool, as the deploy tool announces it.
 *
 * @param weights the weights the deploy tool declares, or {@code null} when it declares none (a
 *     typo in a server line is not announced as a weight change)
 */
public record SimConfigChange(
    long timestampMs, String pool, String version, Map<String, Double> weights, String description)
    implements SimEvent {

  public SimConfigChange {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(version, "version");
    weights = weights == null ? null : PoolConfig.sortedWeights(weights, "weights");
    description = description == null ? "" : description;
  }

  @Override
  public long emitMs() {
    return timestampMs;
  }
}
