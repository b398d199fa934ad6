package io.fulcrum.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SimulatedLoadBalancerTest {

  private static final List<String> WEB = Scenarios.servers("web", 4);
  private static final OverloadModel ROOMY = OverloadModel.forCapacity(10_000);

  private static SimulatedLoadBalancer balancer(long seed, PoolConfig... configs) {
    SimulatedLoadBalancer lb = new SimulatedLoadBalancer(seed);
    lb.addPool("be_web", ROOMY, List.of(configs), configs[0].version());
    return lb;
  }

  /** {@code n} requests 10 ms apart from {@code fromMs}. */
  private static List<SimRequest> drive(SimulatedLoadBalancer lb, long fromMs, int n) {
    List<SimRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(lb.handle("be_web", fromMs + 10L * i));
    }
    return out;
  }

  private static Map<String, Double> shares(List<SimRequest> rs) {
    Map<String, Double> m = new TreeMap<>();
    rs.forEach(r -> m.merge(String.valueOf(r.server()), 1.0 / rs.size(), Double::sum));
    return m;
  }

  @Test
  void routingSharesConvergeToTheActiveWeights() {
    SimulatedLoadBalancer lb =
        balancer(
            1,
            PoolConfig.honoured(
                "v1", Map.of("web-1", 3.0, "web-2", 1.0, "web-3", 0.0, "canary", 0.2), "weighted"));

    Map<String, Double> shares = shares(drive(lb, 0, 200_000));

    assertThat(shares.get("web-1")).isCloseTo(3 / 4.2, within(0.005));
    assertThat(shares.get("web-2")).isCloseTo(1 / 4.2, within(0.005));
    assertThat(shares.get("canary")).isCloseTo(0.2 / 4.2, within(0.003));
    assertThat(shares).doesNotContainKey("web-3");
  }

  @Test
  void sameSeedRoutesIdenticallyAndAnotherSeedDoesNot() {
    PoolConfig even = PoolConfig.even("v1", WEB, "even");

    List<SimRequest> a = drive(balancer(42, even), 0, 2_000);
    List<SimRequest> b = drive(balancer(42, even), 0, 2_000);
    List<SimRequest> c = drive(balancer(43, even), 0, 2_000);

    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void poolWithNoRoutableServerAnswersNoSrv503() {
    SimulatedLoadBalancer lb =
        balancer(
            1,
            PoolConfig.undeclared("v1", Map.of(), "empty backend"),
            PoolConfig.undeclared("v2", Map.of("web-1", 0.0), "all weights 0"));

    List<SimRequest> empty = drive(lb, 0, 100);
    lb.activate("be_web", "v2", 5_000);
    List<SimRequest> zero = drive(lb, 5_000, 100);

    assertThat(empty)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.server()).isNull();
              assertThat(r.noServer()).isTrue();
              assertThat(r.status()).isEqualTo(503);
            });
    assertThat(zero).allSatisfy(r -> assertThat(r.server()).isNull());
  }

  @Test
  void baselineNoiseIsAFewTenthsOfAPercentOf5xxAroundFortyMilliseconds() {
    List<SimRequest> rs = drive(balancer(7, PoolConfig.even("v1", WEB, "even")), 0, 100_000);

    double errors = rs.stream().filter(SimRequest::serverError).count() / (double) rs.size();
    int[] latencies =
        rs.stream()
            .filter(r -> r.status() == 200)
            .mapToInt(SimRequest::latencyMs)
            .sorted()
            .toArray();

    assertThat(errors).isBetween(0.001, 0.005);
    assertThat(latencies[latencies.length / 2]).isBetween(37, 43);
    assertThat(latencies[latencies.length * 99 / 100]).isBetween(60, 150);
    assertThat(rs).anyMatch(r -> r.status() == 404);
  }

  @Test
  void activateSwitchesTheVersionAndQueuesItsAnnouncement() {
    PoolConfig typo = PoolConfig.undeclared("v42", Map.of("web-1", 1.0), "typo");
    SimulatedLoadBalancer lb = balancer(1, PoolConfig.even("v41", WEB, "even"), typo);
    drive(lb, 0, 10);

    SimConfigChange change = lb.activate("be_web", "v42");

    assertThat(lb.activeVersion("be_web")).isEqualTo("v42");
    assertThat(lb.activeConfig("be_web")).isEqualTo(typo);
    assertThat(change.timestampMs()).as("stamped with the LB clock").isEqualTo(90);
    assertThat(change.weights()).as("a typo declares no weights").isNull();
    assertThat(lb.drainConfigChanges()).containsExactly(change);
    assertThat(lb.drainConfigChanges()).isEmpty();
    assertThat(lb.versions("be_web")).containsExactly("v41", "v42");
  }

  @Test
  void activateOfAnUnknownVersionOrPoolNamesWhatIsKnown() {
    SimulatedLoadBalancer lb = balancer(1, PoolConfig.even("v41", WEB, "even"));

    assertThatThrownBy(() -> lb.activate("be_web", "v99"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("v41");
    assertThatThrownBy(() -> lb.activate("be_nope", "v41"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("be_web");
  }

  @Test
  void backendErrorsHitEveryServerAlikeAndOnlyInsideTheWindow() {
    SimulatedLoadBalancer lb = balancer(3, PoolConfig.even("v41", WEB, "even"));
    lb.injectBackendErrors("be_web", 100_000, 200_000, 0.4);

    List<SimRequest> rs = drive(lb, 0, 30_000);
    List<SimRequest> inside =
        rs.stream().filter(r -> r.timestampMs() >= 100_000 && r.timestampMs() < 200_000).toList();
    List<SimRequest> outside = rs.stream().filter(r -> r.timestampMs() >= 200_000).toList();

    for (String server : WEB) {
      List<SimRequest> mine = inside.stream().filter(r -> server.equals(r.server())).toList();
      double share = mine.stream().filter(SimRequest::serverError).count() / (double) mine.size();
      assertThat(share).as(server).isCloseTo(0.4, within(0.05));
      assertThat(mine.size() / (double) inside.size()).as(server).isCloseTo(0.25, within(0.03));
    }
    assertThat(outside.stream().filter(SimRequest::serverError).count() / (double) outside.size())
        .isLessThan(0.01);
  }

  @Test
  void drainedServerOnlySeesKeptAliveConnectionsInTheFirstSecond() {
    PoolConfig drain =
        PoolConfig.honoured(
            "v42", Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 0.0), "drain web-4");
    SimulatedLoadBalancer lb = balancer(5, PoolConfig.even("v41", WEB, "even"), drain);
    lb.activate("be_web", "v42", 0);

    List<SimRequest> rs = drive(lb, 0, 1_000);

    List<SimRequest> onWeb4 = rs.stream().filter(r -> "web-4".equals(r.server())).toList();
    assertThat(onWeb4)
        .isNotEmpty()
        .hasSizeLessThan(10)
        .allSatisfy(
            r -> assertThat(r.timestampMs()).isLessThan(SimulatedLoadBalancer.SWITCHOVER_MS));
  }

  @Test
  void serverErrorRateOfAConfigYields502sOnEveryServer() {
    SimulatedLoadBalancer lb =
        balancer(9, PoolConfig.even("v42", WEB, "bad rewrite").withServerErrorRate(0.3));

    List<SimRequest> rs = drive(lb, 0, 20_000);

    assertThat(rs.stream().filter(r -> r.status() == 502).count() / (double) rs.size())
        .isCloseTo(0.3, within(0.02));
    assertThat(shares(rs).values()).allSatisfy(s -> assertThat(s).isCloseTo(0.25, within(0.02)));
  }
}
