package io.fulcrum.sim;

import static io.fulcrum.sim.Expectation.ERROR_SPIKE;
import static io.fulcrum.sim.Expectation.POOL_SILENT;
import static io.fulcrum.sim.Scenarios.API;
import static io.fulcrum.sim.Scenarios.MIN;
import static io.fulcrum.sim.Scenarios.WEB;
import static io.fulcrum.sim.Scenarios.healthy;
import static io.fulcrum.sim.Scenarios.servers;

import java.util.List;

/**
 * The {@link Scenarios} where a pool goes wrong without a config change to blame: an alert is due,
 * a rollback is not.
 */
final class AlertOnlyScenarios {

  private AlertOnlyScenarios() {}

  static Scenario databaseOutage() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "database-outage",
            "40% 500s on every server for 6 minutes, no config change for an hour: alert, no rollback")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .backendErrors(WEB, 3 * MIN, 9 * MIN, 0.4)
        .duration(12 * MIN)
        .expect(Expectation.alertOnly(WEB, 3 * MIN, ERROR_SPIKE))
        .build();
  }

  static Scenario poolSilent() {
    List<String> web = servers("web", 4);
    List<String> api = servers("api", 3);
    return Scenario.builder(
            "pool-silent",
            "traffic to be_api stops entirely while be_web carries on; no config change")
        .pool(WEB, web, TrafficProfile.constant(80), healthy("v41", web))
        .pool(
            API,
            api,
            TrafficProfile.constant(40).withSilence(3 * MIN, Long.MAX_VALUE),
            healthy("v17", api))
        .duration(7 * MIN)
        .expect(Expectation.alertOnly(API, 3 * MIN, POOL_SILENT))
        .build();
  }
}
