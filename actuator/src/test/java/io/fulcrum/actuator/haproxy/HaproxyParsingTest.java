package io.fulcrum.actuator.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of HAProxy 2.6's own answers (captured from haproxy 2.6.12) and of config sections. */
class HaproxyParsingTest {
  private static final String SHOW_PROC =
      """
      #<PID>          <type>          <reloads>       <uptime>        <version>
      32180           master          1 [failed: 0]   0d00h10m10s     2.6.12-1+deb12u4
      # workers
      8758            worker          0               0d00h00m01s     2.6.12-1+deb12u4
      # old workers
      32183           worker          1               0d00h10m10s     2.6.12-1+deb12u4
      # programs

      """;
  private static final String HEADER =
      "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state "
          + "srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health "
          + "srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl "
          + "srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n";
  private static final String GOOD_STATE =
      "1\n"
          + HEADER
          + "3 be_web 1 web-1 127.0.0.1 2 0 1 1 609 1 0 2 0 0 0 0 - 18081 - 0 0 - - 0\n"
          + "3 be_web 2 web-2 127.0.0.1 2 0 3 3 609 1 0 2 0 0 0 0 - 18082 - 0 0 - - 0\n\n";
  private static final List<String> CONFIG =
      List.of(
          "frontend fe",
          "  bind :80",
          "  default_backend be_web",
          "backend be_web   # the pool",
          "  balance roundrobin",
          "  server web-1 127.0.0.1:18081",
          "  server web-2 127.0.0.1:18082 check weight 3",
          "  server web-3 10.0.0.3:80 disabled",
          "backend be_api",
          "  server api-1 127.0.0.1:9000");

  @Test
  void readsTheMasterAndItsCurrentWorkersNotTheOldOnes() {
    ProcList p = ProcList.parse(SHOW_PROC);

    assertThat(p.masterPid()).isEqualTo(32180);
    assertThat(p.reloads()).isEqualTo(1);
    assertThat(p.failedReloads()).isZero();
    assertThat(p.workers()).containsExactly(8758L);
  }

  @Test
  void aReloadCountsOnlyWithANewWorkerAndAFailedOneIsSeen() {
    ProcList before = ProcList.parse(SHOW_PROC);
    ProcList failed = ProcList.parse(SHOW_PROC.replace("1 [failed: 0]", "2 [failed: 1]"));
    ProcList reloaded =
        ProcList.parse(
            SHOW_PROC.replace("1 [failed: 0]", "2 [failed: 0]").replace("8758 ", "9001 "));

    assertThat(failed.reloadedSince(before)).isFalse();
    assertThat(failed.reloadFailedSince(before)).isTrue();
    assertThat(reloaded.reloadedSince(before)).isTrue();
  }

  @Test
  void readsServersOfOneBackendWithWeightsAndFlags() {
    List<DeclaredServer> s = HaproxyConfigFile.parse(CONFIG, "be_web");

    assertThat(s)
        .containsExactly(
            new DeclaredServer("web-1", "127.0.0.1", 18081, 1, false),
            new DeclaredServer("web-2", "127.0.0.1", 18082, 3, false),
            new DeclaredServer("web-3", "10.0.0.3", 80, 1, true));
    assertThat(HaproxyConfigFile.parse(CONFIG, "be_none")).isNull();
  }

  @Test
  void defaultServerWeightsApply() {
    List<DeclaredServer> s =
        HaproxyConfigFile.parse(
            List.of(
                "listen be_web",
                "  default-server weight 5",
                "  server a web-a:80",
                "  server b [::1]:81 weight 2"),
            "be_web");

    assertThat(s)
        .containsExactly(
            new DeclaredServer("a", "web-a", 80, 5, false),
            new DeclaredServer("b", "::1", 81, 2, false));
  }

  @Test
  void theRunningServersMatchTheirConfig() {
    List<DeclaredServer> declared =
        List.of(
            new DeclaredServer("web-1", "127.0.0.1", 18081, 1, false),
            new DeclaredServer("web-2", "127.0.0.1", 18082, 3, false));

    assertThat(ServersState.mismatch("be_web", declared, ServersState.parse(GOOD_STATE))).isNull();
  }

  @Test
  void theTypoVersionDoesNotMatchTheGoodConfig() {
    // The bad version names both servers but points both at web-1's port.
    String typo = GOOD_STATE.replace("- 18082 -", "- 18081 -");
    List<DeclaredServer> declared =
        List.of(
            new DeclaredServer("web-1", "127.0.0.1", 18081, 1, false),
            new DeclaredServer("web-2", "127.0.0.1", 18082, 3, false),
            new DeclaredServer("web-3", "127.0.0.1", 18083, 1, false));

    assertThat(ServersState.mismatch("be_web", declared, ServersState.parse(typo)))
        .contains("web-2 runs at 127.0.0.1:18081, the config says 127.0.0.1:18082")
        .contains("web-3 is missing");
  }

  @Test
  void downServersAndUnknownBackendsAreReported() {
    String down = GOOD_STATE.replace("web-2 127.0.0.1 2 0", "web-2 127.0.0.1 0 0");
    List<DeclaredServer> declared =
        List.of(new DeclaredServer("web-1", "127.0.0.1", 18081, 1, false));
    Map<String, ServersState.Running> running = ServersState.parse(down);

    assertThat(ServersState.mismatch("be_web", declared, running))
        .contains("web-2 runs but is not in the config");
    assertThat(
            ServersState.mismatch(
                "be_web",
                List.of(new DeclaredServer("web-2", "127.0.0.1", 18082, 3, false)),
                running))
        .contains("web-2 is not UP");
    assertThat(
            ServersState.mismatch("be_web", declared, ServersState.parse("Can't find backend.\n")))
        .contains("no servers in backend be_web");
  }
}
