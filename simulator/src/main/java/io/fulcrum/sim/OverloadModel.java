package io.fulcrum.sim;

/**
 * How one backend server behaves under load.
 *
 * <p>A server absorbs short bursts ({@code burst} requests in flight at no extra latency), queues
 * beyond that (latency grows with the queue) and answers 503 once the queue wait would exceed
 * {@code queueTimeoutMs} (HAProxy's {@code timeout queue}). Sustained overload also collapses its
 * throughput: after {@code collapseMs} above capacity it only serves {@code 1 - collapseDepth} of
 * its capacity (thread pools exhausted, GC thrash). That collapse is what turns a 2x overload into
 * the 75-85% 503s of the postmortems instead of 50%. It heals over {@code recoverMs} once the
 * offered load is back under capacity, so a rollback makes the 503s fade.
 *
 * @param capacityRps requests per second the server sustains when healthy
 * @param burstSeconds seconds of capacity absorbed without queueing
 * @param minBurst floor of the burst in requests, so Poisson clumps at a few req/s never queue
 * @param queueTimeoutMs longest queue wait before a 503
 * @param collapseMs sustained overload needed for full collapse
 * @param recoverMs time under capacity needed to heal a full collapse
 * @param collapseDepth share of capacity lost at full collapse, in [0,1)
 */
public record OverloadModel(
    double capacityRps,
    double burstSeconds,
    double minBurst,
    int queueTimeoutMs,
    long collapseMs,
    long recoverMs,
    double collapseDepth) {

  /** Time constant of the offered-load estimate: about a sliding second or two. */
  static final double RATE_TAU_MS = 2_000;

  public OverloadModel {
    if (!(capacityRps > 0) || Double.isInfinite(capacityRps)) {
      throw new IllegalArgumentException("capacityRps must be > 0: " + capacityRps);
    }
    if (burstSeconds < 0 || minBurst < 1 || queueTimeoutMs < 1 || collapseMs < 1 || recoverMs < 1) {
      throw new IllegalArgumentException("invalid overload model");
    }
    if (!(collapseDepth >= 0 && collapseDepth < 1)) {
      throw new IllegalArgumentException("collapseDepth must be in [0,1): " + collapseDepth);
    }
  }

  /**
   * Defaults: half a second of burst, 2 s queue timeout, collapse to 30% over 30 s, heal over 20 s.
   */
  public static OverloadModel forCapacity(double capacityRps) {
    return new OverloadModel(capacityRps, 0.5, 8, 2_000, 30_000, 20_000, 0.7);
  }

  /** Same server, capacity scaled with the traffic (tests run one scenario at 5 or 1000 req/s). */
  public OverloadModel scaled(double rateMultiplier) {
    return new OverloadModel(
        capacityRps * rateMultiplier,
        burstSeconds,
        minBurst,
        queueTimeoutMs,
        collapseMs,
        recoverMs,
        collapseDepth);
  }

  double burst() {
    return Math.max(minBurst, capacityRps * burstSeconds);
  }
}
