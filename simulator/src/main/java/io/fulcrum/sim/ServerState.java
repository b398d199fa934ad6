package io.fulcrum.sim;

/**
 * Mutable load state of one server: a fluid leaky bucket for the queue, an exponentially weighted
 * offered rate (a soft sliding second) and the collapse level. All O(1) per request. Not
 * thread-safe: the load balancer guards it.
 */
final class ServerState {

  /** Returned by {@link #admit} when the request times out in the queue. */
  static final long REJECTED = -1;

  private final OverloadModel model;
  private final double burst;
  private long lastMs = Long.MIN_VALUE;
  private double level;
  private double offeredRps;
  private double stress;

  ServerState(OverloadModel model) {
    this.model = model;
    this.burst = model.burst();
  }

  /**
   * Admits a request accepted at {@code nowMs} (non-decreasing across calls).
   *
   * @return queue wait in ms, or {@link #REJECTED} when the wait would exceed the queue timeout
   */
  long admit(long nowMs) {
    double dt = lastMs == Long.MIN_VALUE ? 0 : Math.max(0, nowMs - lastMs);
    lastMs = Math.max(lastMs, nowMs);
    offeredRps =
        offeredRps * Math.exp(-dt / OverloadModel.RATE_TAU_MS) + 1000.0 / OverloadModel.RATE_TAU_MS;

    // Collapse builds while the offered load is above nominal capacity, heals while below.
    if (offeredRps > model.capacityRps()) {
      stress = Math.min(1, stress + dt / model.collapseMs());
    } else {
      stress = Math.max(0, stress - dt / model.recoverMs());
    }
    double effective = effectiveCapacityRps();
    level = Math.max(0, level - effective * dt / 1000);

    double excess = level + 1 - burst;
    double waitMs = excess > 0 ? excess / effective * 1000 : 0;
    if (waitMs > model.queueTimeoutMs()) {
      return REJECTED; // never reaches the server, so it adds no work
    }
    level += 1;
    return (long) waitMs;
  }

  double effectiveCapacityRps() {
    return model.capacityRps() * (1 - model.collapseDepth() * stress);
  }

  double offeredRps() {
    return offeredRps;
  }

  double stress() {
    return stress;
  }

  OverloadModel model() {
    return model;
  }
}
