package io.fulcrum.demo.sim;

import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.demo.lb.DemoLb;
import io.fulcrum.demo.lb.Publisher;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.SimRun;

/**
 * The built-in simulated load balancer: weights, server list and overload as the scenario's configs
 * say.
 */
public final class SimulatedLb implements DemoLb {
  private final SimRun run;
  private final SimulatedLbBackend backend;
  private final Publisher publisher;
  private final FulcrumTopics topics;

  public SimulatedLb(
      Scenario scenario,
      long startMs,
      long seed,
      double rateMultiplier,
      Publisher publisher,
      FulcrumTopics topics) {
    this.run = scenario.events(startMs, seed, rateMultiplier);
    this.backend = new SimulatedLbBackend(run.loadBalancer());
    this.publisher = publisher;
    this.topics = topics;
  }

  @Override
  public String description() {
    return "simulated load balancer";
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public AutoCloseable startTraffic() {
    return new SimTraffic(run, publisher, topics, backend::isOwnActivation).start();
  }
}
