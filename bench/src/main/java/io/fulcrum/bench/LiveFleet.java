package io.fulcrum.bench;

import io.fulcrum.sim.Expectation;
import io.fulcrum.sim.PoolConfig;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.TrafficProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The latency phase's fleet, played in wall-clock time: the throughput phase's pools at its rate, a
 * healthy lead long enough for the baselines to warm up ({@value #LEAD_WINDOWS} windows), then the
 * all-to-one deploy on one more pool every {@value #SPACING_WINDOWS} windows. Onsets fall at
 * different points of a window (phase {@code i / injections}), since where in its window a deploy
 * lands changes how long detection takes.
 *
 * @param onsets offsets of the bad deploys from the start, by pool, in injection order
 */
record LiveFleet(Scenario scenario, List<Onset> onsets, long windowMs) {
  static final int LEAD_WINDOWS = 8;
  static final int SPACING_WINDOWS = 3;

  /** Windows after the last onset within which its rollback result must come back. */
  static final int SETTLE_WINDOWS = 6;

  /** One injection: the pool and its deploy's offset from the start. */
  record Onset(String pool, long offsetMs) {}

  static LiveFleet of(
      int pools, int serversPerPool, int injections, double rateRps, Duration window) {
    if (injections > pools) {
      throw new IllegalArgumentException(
          "--injections: at most one per pool (" + pools + " pools), got " + injections);
    }
    long w = window.toMillis();
    List<Onset> onsets = new ArrayList<>();
    for (int i = 0; i < injections; i++) {
      onsets.add(
          new Onset(
              FleetTraffic.poolName(i),
              (LEAD_WINDOWS + (long) i * SPACING_WINDOWS) * w + i * w / injections));
    }
    long duration = onsets.get(onsets.size() - 1).offsetMs() + (SETTLE_WINDOWS + 2) * w;
    Scenario.Builder b =
        Scenario.builder(
            "bench-live-fleet", pools + " pools x " + serversPerPool + " servers, live");
    for (int p = 0; p < pools; p++) {
      String pool = FleetTraffic.poolName(p);
      List<String> servers = new ArrayList<>(serversPerPool);
      for (int s = 1; s <= serversPerPool; s++) {
        servers.add(pool + "-s" + s);
      }
      b.pool(
          pool,
          servers,
          TrafficProfile.constant(rateRps / pools),
          PoolConfig.even("v1", servers, "even"));
      if (p < injections) {
        b.deploy(
            onsets.get(p).offsetMs(),
            pool,
            PoolConfig.undeclared(
                FleetTraffic.BAD_VERSION,
                Map.of(servers.get(0), 1.0),
                "typo in the server list: everything goes to " + servers.get(0)));
      }
    }
    Onset first = onsets.get(0);
    b.expect(
        Expectation.rollback(
            first.pool(), first.offsetMs(), FleetTraffic.BAD_VERSION, "v1", Expectation.IMBALANCE));
    return new LiveFleet(b.duration(duration).build(), List.copyOf(onsets), w);
  }

  /** Wall-clock deadline for the last injection's result, for a run started at {@code startMs}. */
  long settledBy(long startMs) {
    return startMs + onsets.get(onsets.size() - 1).offsetMs() + SETTLE_WINDOWS * windowMs;
  }
}
