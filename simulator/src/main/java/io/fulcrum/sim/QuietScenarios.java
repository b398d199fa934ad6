package io.fulcrum.sim;

import static io.fulcrum.sim.Scenarios.MIN;
import static io.fulcrum.sim.Scenarios.WEB;
import static io.fulcrum.sim.Scenarios.healthy;
import static io.fulcrum.sim.Scenarios.servers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link Scenarios} where nothing is wrong and nothing may alert: traffic that rises, falls or
 * trickles, and config changes that are harmless (a canary, a drain, a timeout, a slow start), some
 * seen through skewed clocks.
 */
final class QuietScenarios {

  private QuietScenarios() {}

  static Scenario flashCrowd() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "flash-crowd",
            "5x traffic for three minutes, spread evenly over servers sized for it: no alert")
        .pool(
            WEB,
            web,
            TrafficProfile.constant(60).withFlashCrowd(3 * MIN, 6 * MIN, 5, 30_000),
            healthy("v41", web))
        .capacity(WEB, 120) // 8x the base share: a 5x peak runs at ~60% utilisation
        .duration(8 * MIN)
        .expect(Expectation.quiet())
        .build();
  }

  static Scenario canary() {
    List<String> web = servers("web", 3);
    List<String> fleet = new ArrayList<>(web);
    fleet.add("canary");
    return Scenario.builder(
            "canary", "v42 adds a canary at declared weight 0.05 and the LB honours it: no alert")
        .pool(WEB, fleet, TrafficProfile.constant(100), healthy("v41", web))
        .deploy(
            3 * MIN,
            WEB,
            PoolConfig.honoured(
                "v42",
                Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "canary", 0.05),
                "canary at 5%"))
        .duration(7 * MIN)
        .expect(Expectation.quiet())
        .build();
  }

  static Scenario drain() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "drain",
            "v42 drains web-4 (declared weight 0); kept-alive connections reach it for a second")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .deploy(
            3 * MIN,
            WEB,
            PoolConfig.honoured(
                "v42",
                Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 0.0),
                "drain web-4 for patching"))
        .duration(7 * MIN)
        .expect(Expectation.quiet())
        .build();
  }

  static Scenario nightTrickle() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "night-trickle",
            "1.5 req/s over four servers at night: sparse, noisy windows, nothing wrong")
        .pool(WEB, web, TrafficProfile.nightTrickle(), healthy("v41", web))
        .capacity(WEB, 50)
        .duration(10 * MIN)
        .expect(Expectation.quiet())
        .build();
  }

  static Scenario diurnalRamp() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "diurnal-ramp", "morning ramp from 20 to 100 req/s over 15 minutes: no alert")
        .pool(WEB, web, TrafficProfile.diurnalRamp(20, 100, 2 * MIN, 17 * MIN), healthy("v41", web))
        .capacity(WEB, 50) // 2x the peak share
        .duration(20 * MIN)
        .expect(Expectation.quiet())
        .build();
  }

  static Scenario harmlessChange() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "harmless-change", "v42 only bumps a timeout; routing unchanged: no alert, no rollback")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .deploy(3 * MIN, WEB, PoolConfig.even("v42", web, "timeout server 30s -> 45s"))
        .duration(7 * MIN)
        .expect(Expectation.quiet())
        .build();
  }

  /** A fifth server joins in slow start: its share climbs from nothing to a fifth over a minute. */
  static Scenario slowStartScaleOut() {
    List<String> four = servers("web", 4);
    List<String> five = servers("web", 5);
    return Scenario.builder(
            "slow-start-scale-out",
            "v42 adds web-5 (declared even) with a 60 s slow start: its share ramps from 0 to 20%")
        .pool(WEB, five, TrafficProfile.constant(100), healthy("v41", four))
        .deploy(3 * MIN, WEB, healthy("v42", five).withRampMs(MIN))
        .duration(7 * MIN)
        .expect(Expectation.quiet())
        .build();
  }

  /**
   * Two LBs, one with its clock 3 s behind: its 40% of the lines arrive 3 s late for their
   * timestamps.
   */
  static Scenario lbClockSkew() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "lb-clock-skew",
            "two LBs whose clocks disagree by 3 s share the pool 60/40; v42 bumps a timeout: no alert")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .clockSkew(WEB, 0.4, 3_000)
        .deploy(3 * MIN, WEB, PoolConfig.even("v42", web, "timeout server 30s -> 45s"))
        .duration(7 * MIN)
        .expect(Expectation.quiet())
        .build();
  }
}
