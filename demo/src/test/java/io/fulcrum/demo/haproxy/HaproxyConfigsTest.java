package io.fulcrum.demo.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.sim.PoolConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HaproxyConfigsTest {
  static final Map<String, Integer> PORTS = Map.of("web-1", 4001, "web-2", 4002, "web-3", 4003);

  @Test
  void aHealthyVersionListsEveryServerWithItsScaledWeight() {
    String cfg =
        HaproxyConfigs.backend(
            "be_web",
            PoolConfig.honoured(
                "v41", Map.of("web-1", 2.0, "web-2", 1.0, "web-3", 0.0), "weighted"),
            PORTS);
    assertThat(cfg.lines())
        .containsSubsequence(
            "backend be_web",
            "  balance roundrobin",
            "  server web-1 127.0.0.1:4001 weight 100",
            "  server web-2 127.0.0.1:4002 weight 50",
            "  server web-3 127.0.0.1:4003 weight 0");
    assertThat(cfg).doesNotContain(LoopbackServers.ERROR_RATE_HEADER);
  }

  @Test
  void thePoolTypoLeavesTheDroppedServersOutAndABrokenRewriteMarksRequests() {
    String typo =
        HaproxyConfigs.backend(
            "be_web", PoolConfig.undeclared("v42", Map.of("web-1", 1.0), "typo"), PORTS);
    assertThat(typo).contains("server web-1 ").doesNotContain("web-2").doesNotContain("web-3");
    String broken =
        HaproxyConfigs.backend(
            "be_web",
            PoolConfig.even("v42", List.of("web-1"), "rewrite").withServerErrorRate(0.3),
            PORTS);
    assertThat(broken).contains("  http-request set-header X-Fulcrum-Error-Rate 0.300\n");
  }

  @Test
  void aServerWithoutALoopbackPortIsAnError() {
    assertThatThrownBy(
            () ->
                HaproxyConfigs.backend(
                    "be_web", PoolConfig.even("v1", List.of("web-9"), ""), PORTS))
        .hasMessage("no loopback server for web-9 of be_web");
  }

  @Test
  void weightsStayPositiveWhenTinyAndZeroWhenDrained() {
    assertThat(HaproxyConfigs.weight(0.001, 1)).isEqualTo(1);
    assertThat(HaproxyConfigs.weight(0, 1)).isZero();
    assertThat(HaproxyConfigs.weight(1, 1)).isEqualTo(100);
  }

  @Test
  void theMainConfigLogsToTheReceiverAndRoutesByThePoolHeader() {
    String main =
        HaproxyConfigs.main(
            8080, 5140, Path.of("/run/demo/stats.sock"), List.of("be_web", "be_api"));
    assertThat(main.lines())
        .contains(
            "  log 127.0.0.1:5140 len 4096 format raw local0",
            "  stats socket /run/demo/stats.sock mode 600 level admin",
            "  option httplog",
            "  bind 127.0.0.1:8080",
            "  use_backend be_api if { req.hdr(X-Fulcrum-Pool) -m str be_api }",
            "  default_backend be_web");
  }

  @Test
  void theVersionComesFromHaproxysBanner() {
    assertThat(
            HaproxyVersion.parse(
                "HAProxy version 2.6.12-1+deb12u1 2023/12/16 - https://haproxy.org/"))
        .isEqualTo("2.6.12");
    assertThat(HaproxyVersion.parse("command not found")).isEqualTo("?");
  }
}
