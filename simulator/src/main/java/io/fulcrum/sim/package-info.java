/**
 * Deterministic load-balancer and traffic simulator, shared by the detection scenario tests (batch,
 * event time) and the live demo (real time, with a rollback actuator).
 *
 * <p>{@link io.fulcrum.sim.Scenarios} names the stories; {@link io.fulcrum.sim.Scenario#events}
 * plays one as a lazy {@link io.fulcrum.sim.SimRun} of {@link io.fulcrum.sim.SimEvent}s in emission
 * order, driven by a live {@link io.fulcrum.sim.SimulatedLoadBalancer}; {@link
 * io.fulcrum.sim.HaproxyLogFormatter} and {@link io.fulcrum.sim.NginxLogFormatter} turn requests
 * into real log lines. Same seed, same events; no wall clock, no shared mutable state.
 */
package io.fulcrum.sim;
