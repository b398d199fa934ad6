package io.fulcrum.bench;

import io.fulcrum.sim.Expectation;
import io.fulcrum.sim.PoolConfig;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimEvent;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.sim.SimRun;
import io.fulcrum.sim.TrafficProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The benchmark's fleet from the project's own simulator: {@code pools x servers} at a constant
 * rate, where the first {@code incidentPools} pools get a config deploy that sends everything to
 * their first server (the postmortems' pool typo) at 60% of the run, and that server overloads.
 */
final class FleetTraffic {
  static final String BAD_VERSION = "v2";
  private final Scenario scenario;
  private final long requests;

  private FleetTraffic(Scenario scenario, long requests) {
    this.scenario = scenario;
    this.requests = requests;
  }

  static FleetTraffic of(
      int pools, int serversPerPool, int incidentPools, double rateRps, long requests) {
    long durationMs = (long) Math.ceil(requests / rateRps * 1000) + 10_000;
    Scenario.Builder b =
        Scenario.builder("bench-fleet", pools + " pools x " + serversPerPool + " servers");
    for (int p = 0; p < pools; p++) {
      String pool = poolName(p);
      List<String> servers = new ArrayList<>(serversPerPool);
      for (int s = 1; s <= serversPerPool; s++) {
        servers.add(pool + "-s" + s);
      }
      b.pool(
          pool,
          servers,
          TrafficProfile.constant(rateRps / pools),
          PoolConfig.even("v1", servers, "even"));
      if (p < incidentPools) {
        b.deploy(
            (long) (durationMs * 0.6),
            pool,
            PoolConfig.undeclared(
                BAD_VERSION,
                Map.of(servers.get(0), 1.0),
                "typo in the server list: everything goes to " + servers.get(0)));
      }
    }
    long onset = (long) (durationMs * 0.6);
    b.expect(
        incidentPools == 0
            ? Expectation.quiet()
            : Expectation.rollback(poolName(0), onset, BAD_VERSION, "v1", Expectation.IMBALANCE));
    return new FleetTraffic(b.duration(durationMs).build(), requests);
  }

  static String poolName(int p) {
    return String.format("pool-%03d", p);
  }

  /**
   * Plays the first {@code requests} requests from {@code startMs}, in emission order, with every
   * config change before or among them.
   */
  void play(
      long startMs, long seed, Consumer<SimRequest> onRequest, Consumer<SimConfigChange> onChange) {
    SimRun run = scenario.events(startMs, seed);
    long n = 0;
    while (n < requests && run.hasNext()) {
      SimEvent e = run.next();
      if (e instanceof SimRequest r) {
        onRequest.accept(r);
        n++;
      } else if (e instanceof SimConfigChange c) {
        onChange.accept(c);
      }
    }
  }

  long durationMs() {
    return scenario.durationMs();
  }
}
