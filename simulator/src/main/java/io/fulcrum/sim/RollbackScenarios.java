package io.fulcrum.sim;

import static io.fulcrum.sim.Expectation.ERROR_SPIKE;
import static io.fulcrum.sim.Expectation.IMBALANCE;
import static io.fulcrum.sim.Expectation.LATENCY;
import static io.fulcrum.sim.Scenarios.API;
import static io.fulcrum.sim.Scenarios.MIN;
import static io.fulcrum.sim.Scenarios.WEB;
import static io.fulcrum.sim.Scenarios.healthy;
import static io.fulcrum.sim.Scenarios.servers;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Scenarios} where a config change breaks a pool and must be rolled back: typos that
 * send traffic to too few servers, wrong addresses, added latency or errors. Each expects a
 * rollback to the version before the bad one.
 */
final class RollbackScenarios {

  private RollbackScenarios() {}

  /** The pool typo several of these scenarios share: everything goes to one server. */
  private static PoolConfig allToFirst(String version, String server, String what) {
    return PoolConfig.undeclared(
        version,
        Map.of(server, 1.0),
        "typo in the server pool definition: " + what + "; everything goes to " + server);
  }

  static Scenario allToOne() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "all-to-one",
            "v42's pool typo sends all traffic to web-1, which overloads; most users get 503s")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .deploy(2 * MIN, WEB, allToFirst("v42", "web-1", "web-2..web-4 dropped"))
        .duration(6 * MIN)
        .expect(Expectation.rollback(WEB, 2 * MIN, "v42", "v41", IMBALANCE, ERROR_SPIKE))
        .build();
  }

  /**
   * The typo deployed by a tool that announces what the config says (fulcrum deploy, the actuator's
   * watcher).
   */
  static Scenario typoAnnouncedAsWritten() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "typo-announced-as-written",
            "v42's typo is announced with its own weights (web-1 only), as automatic announcements do")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .deploy(
            2 * MIN,
            WEB,
            PoolConfig.honoured(
                "v42",
                Map.of("web-1", 1.0),
                "web-2..web-4 dropped, announced as parsed from the config"))
        .duration(6 * MIN)
        .expect(Expectation.rollback(WEB, 2 * MIN, "v42", "v41", IMBALANCE, ERROR_SPIKE))
        .build();
  }

  /** Two load balancers share the pool half and half; only one got the typo. */
  static Scenario twoLbsOneBad() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "two-lbs-one-bad",
            "two LBs split the traffic; v42's typo reaches only lb-a, so web-1 gets 62% (lb-a's half and its"
                + " quarter of lb-b's) and overloads")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .deploy(
            2 * MIN,
            WEB,
            PoolConfig.undeclared(
                "v42",
                Map.of("web-1", 0.625, "web-2", 0.125, "web-3", 0.125, "web-4", 0.125),
                "typo on lb-a only: web-2..web-4 dropped there"))
        .duration(6 * MIN)
        .expect(Expectation.rollback(WEB, 2 * MIN, "v42", "v41", IMBALANCE))
        .build();
  }

  /**
   * One server's address is wrong in v42: a quarter of the requests fail at once, the shares do not
   * move.
   */
  static Scenario wrongPort() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "wrong-port",
            "v42 points web-3 at the wrong port: every request sent there gets a 503 at once")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .deploy(
            2 * MIN,
            WEB,
            PoolConfig.even("v42", web, "web-3 moved to :8081 (it listens on :8080)")
                .withUnreachable(Set.of("web-3")))
        .duration(6 * MIN)
        .expect(Expectation.rollback(WEB, 2 * MIN, "v42", "v41", ERROR_SPIKE))
        .build();
  }

  /** v42 hurts only latency: no error, no share moves. */
  static Scenario latencyOnly() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "latency-only",
            "v42 drops upstream keepalive: every request takes 400 ms longer, no errors, shares unchanged")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .deploy(
            2 * MIN,
            WEB,
            PoolConfig.even("v42", web, "keepalive removed from the upstream")
                .withAddedLatencyMs(400))
        .duration(6 * MIN)
        .expect(Expectation.rollback(WEB, 2 * MIN, "v42", "v41", LATENCY))
        .build();
  }

  static Scenario skewTwoOfSix() {
    List<String> web = servers("web", 6);
    return Scenario.builder(
            "skew-two-of-six",
            "v42 declares six even servers but routes everything to web-1 and web-2 (1.5x overload)")
        .pool(WEB, web, TrafficProfile.constant(120), healthy("v41", web))
        .deploy(
            3 * MIN,
            WEB,
            new PoolConfig(
                "v42",
                Map.of("web-1", 1.0, "web-2", 1.0),
                PoolConfig.evenWeights(web),
                "server-template web-[1-2] instead of web-[1-6]"))
        .duration(7 * MIN)
        .expect(Expectation.rollback(WEB, 3 * MIN, "v42", "v41", IMBALANCE, ERROR_SPIKE))
        .build();
  }

  static Scenario starvedServers() {
    List<String> web = servers("web", 5);
    return Scenario.builder(
            "starved-servers",
            "v42 mistypes web-4 and web-5's addresses: they get nothing, the other three cope")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .capacity(WEB, 50)
        .deploy(
            3 * MIN,
            WEB,
            new PoolConfig(
                "v42",
                PoolConfig.evenWeights(servers("web", 3)),
                PoolConfig.evenWeights(web),
                "web-4/web-5 addresses mistyped, marked DOWN"))
        .duration(7 * MIN)
        .expect(Expectation.rollback(WEB, 3 * MIN, "v42", "v41", IMBALANCE))
        .build();
  }

  static Scenario errorsAfterChange() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "errors-after-change",
            "v42 adds a header rewrite the app rejects: ~30% 502s on every server, even spread")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .deploy(
            3 * MIN,
            WEB,
            PoolConfig.even("v42", web, "http-request set-header X-Forwarded-Proto broken")
                .withServerErrorRate(0.3))
        .duration(7 * MIN)
        .expect(Expectation.rollback(WEB, 3 * MIN, "v42", "v41", ERROR_SPIKE))
        .build();
  }

  static Scenario lowTrafficAllToOne() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "low-traffic-all-to-one",
            "all-to-one typo at 6 req/s: no overload yet, only the imbalance gives it away")
        .pool(WEB, web, TrafficProfile.constant(6), healthy("v41", web))
        .capacity(WEB, 50)
        .deploy(3 * MIN, WEB, allToFirst("v42", "web-1", "web-2..web-4 dropped"))
        .duration(10 * MIN)
        .expect(Expectation.rollback(WEB, 3 * MIN, "v42", "v41", IMBALANCE))
        .build();
  }

  static Scenario twoPoolsOneBroken() {
    List<String> web = servers("web", 4);
    List<String> api = servers("api", 3);
    return Scenario.builder(
            "two-pools-one-broken",
            "one release deploys be_web v42 (harmless) and be_api v18 (all to api-1); roll back be_api only")
        .pool(WEB, web, TrafficProfile.constant(80), healthy("v41", web))
        .pool(API, api, TrafficProfile.constant(40), healthy("v17", api))
        .deploy(3 * MIN, WEB, PoolConfig.even("v42", web, "timeout server 30s -> 45s"))
        .deploy(3 * MIN, API, allToFirst("v18", "api-1", "api-2, api-3 dropped"))
        .duration(7 * MIN)
        .expect(Expectation.rollback(API, 3 * MIN, "v18", "v17", IMBALANCE, ERROR_SPIKE))
        .build();
  }

  static Scenario goodThenBad() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "good-then-bad",
            "v42 is harmless and healthy for 3 minutes, then v43 sends all to web-1; roll back to v42")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .deploy(2 * MIN, WEB, PoolConfig.even("v42", web, "timeout server 30s -> 45s"))
        .deploy(5 * MIN, WEB, allToFirst("v43", "web-1", "web-2..web-4 dropped"))
        .duration(9 * MIN)
        .expect(Expectation.rollback(WEB, 5 * MIN, "v43", "v42", IMBALANCE, ERROR_SPIKE))
        .build();
  }

  /**
   * The typo rolled out node by node: web-1's share climbs from a quarter to all of it over two
   * minutes.
   */
  static Scenario skewRamp() {
    List<String> web = servers("web", 4);
    return Scenario.builder(
            "skew-ramp",
            "v42's typo reaches the LB nodes one by one: web-1's share ramps from 25% to 100% over 2 min")
        .pool(WEB, web, TrafficProfile.constant(100), healthy("v41", web))
        .deploy(
            3 * MIN, WEB, allToFirst("v42", "web-1", "web-2..web-4 dropped").withRampMs(2 * MIN))
        .duration(8 * MIN)
        // web-1 passes half the traffic, and overloads, 40 s in: the harm the targets count from.
        .expect(Expectation.rollback(WEB, 3 * MIN, "v42", "v41", IMBALANCE).withHarmDelayMs(40_000))
        .build();
  }
}
