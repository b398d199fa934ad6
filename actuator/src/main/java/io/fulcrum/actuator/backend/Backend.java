package io.fulcrum.actuator.backend;

/**
 * One way of changing a load balancer's config. The actuator calls these methods from a single
 * thread, only with pool and version names that passed {@link Names} (no path separators, no "..").
 *
 * <p>Implement it to plug in any load balancer (the demo's simulated LB, a cloud API...), then hand
 * it to {@link io.fulcrum.actuator.ActuatorService} under a name that {@code
 * fulcrum.actuator.backends} routes pools to.
 */
public interface Backend {
  /** Short name used in results and metrics, e.g. {@code haproxy}. */
  String name();

  /**
   * The version the pool is serving now; null when unknown (the actuator then applies without a
   * NOOP check).
   */
  String activeVersion(String pool) throws BackendException;

  /** Whether {@code version} exists for {@code pool} and can be applied. */
  boolean hasVersion(String pool, String version) throws BackendException;

  /**
   * Makes {@code request.toVersion()} the pool's active version and confirms the LB serves it. On
   * failure, leaves the previous config in place where it can and throws with a reason a human can
   * act on.
   */
  ApplyReport apply(ApplyRequest request) throws BackendException;

  /**
   * Whether the LB really serves {@code version}, beyond what {@link #activeVersion} says. Asked
   * after a crash interrupted an apply and the active version already equals the target: null when
   * it is serving it, else why not.
   */
  default String confirmServing(String pool, String version) throws BackendException {
    return null;
  }

  /** True for backends that only report what they would do (the actuator answers DRY_RUN). */
  default boolean simulatesOnly() {
    return false;
  }
}
