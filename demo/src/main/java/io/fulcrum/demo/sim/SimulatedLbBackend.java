package io.fulcrum.demo.sim;

import io.fulcrum.actuator.backend.ApplyReport;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.sim.PoolConfig;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimulatedLoadBalancer;
import java.util.ArrayList;
import java.util.List;

/**
 * The actuator's way into the demo's simulated load balancer: the versions are the scenario's
 * configs, and an apply switches routing for the following requests. The actuator announces the
 * change on the config-changes topic itself, so the traffic feeder skips the simulator's own
 * announcement of it ({@link #isOwnActivation}).
 */
public final class SimulatedLbBackend implements Backend {
  public static final String NAME = "simulated-lb";
  private final SimulatedLoadBalancer lb;
  private final List<SimConfigChange> activations = new ArrayList<>();

  public SimulatedLbBackend(SimulatedLoadBalancer lb) {
    this.lb = lb;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String activeVersion(String pool) throws BackendException {
    try {
      return lb.activeVersion(pool);
    } catch (IllegalArgumentException e) {
      throw new BackendException(e.getMessage(), e);
    }
  }

  @Override
  public boolean hasVersion(String pool, String version) {
    return lb.pools().contains(pool) && lb.versions(pool).contains(version);
  }

  @Override
  public ApplyReport apply(ApplyRequest request) throws BackendException {
    String pool = request.pool();
    if (!hasVersion(pool, request.toVersion())) {
      throw new BackendException(
          "the simulated load balancer has no version " + request.toVersion() + " of " + pool);
    }
    String before = lb.activeVersion(pool);
    SimConfigChange change = lb.activate(pool, request.toVersion());
    synchronized (activations) {
      activations.add(change);
    }
    PoolConfig now = lb.activeConfig(pool);
    return new ApplyReport(
        before,
        now.version(),
        now.declaredWeights(),
        "simulated LB now routes "
            + pool
            + " by "
            + now.version()
            + " ("
            + now.routingWeights().keySet().size()
            + " servers)");
  }

  /** True (once) for the simulator's announcement of a switch this backend made. */
  public boolean isOwnActivation(SimConfigChange c) {
    synchronized (activations) {
      return activations.removeIf(
          a -> a.pool().equals(c.pool()) && a.version().equals(c.version()));
    }
  }
}
