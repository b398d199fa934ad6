package io.fulcrum.demo.lb;

import io.fulcrum.actuator.backend.Backend;

/**
 * The load balancer the demo plays against: what the actuator changes, and the traffic through it.
 */
public interface DemoLb extends AutoCloseable {
  /** The actuator route the demo's load balancer is registered under. */
  String ROUTE = "demo-lb";

  /**
   * For the header, e.g. "simulated load balancer" or "HAProxy 2.6 (pid 1234) on 127.0.0.1:41000".
   */
  String description();

  /** What the actuator applies rollbacks to. */
  Backend backend();

  /** Starts the load generator (and the scripted deploys); closing the returned handle stops it. */
  AutoCloseable startTraffic() throws Exception;

  @Override
  default void close() throws Exception {}
}
