package io.fulcrum.actuator.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.actuator.backend.ConfigChanges;
import io.fulcrum.actuator.backend.RuntimeServer;
import io.fulcrum.actuator.watch.Announced;
import io.fulcrum.actuator.watch.Announcement;
import io.fulcrum.actuator.watch.Observed;
import io.fulcrum.actuator.watch.PoolWatch;
import io.fulcrum.guard.LbConfig;
import io.fulcrum.guard.LbFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit on HAProxy 2.6's own {@code show servers state} answers (captured from haproxy 2.6.12).
 */
class RuntimeAuditTest {
  private static final String CONFIG =
      String.join(
          "\n",
          "backend be_web",
          "  server web-1 127.0.0.1:18081",
          "  server web-2 127.0.0.1:18082 weight 3",
          "  server web-3 127.0.0.1:18083 disabled",
          "  server web-9 127.0.0.1:18089 backup",
          "");
  private static final String HEADER =
      "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state "
          + "srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health "
          + "srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl "
          + "srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n";
  private static final String AS_CONFIGURED =
      "1\n"
          + HEADER
          + "3 be_web 1 web-1 127.0.0.1 2 0 1 1 1 1 0 2 0 0 0 0 - 18081 - 0 0 - - 0\n"
          + "3 be_web 2 web-2 127.0.0.1 2 0 3 3 1 1 0 2 0 0 0 0 - 18082 - 0 0 - - 0\n"
          + "3 be_web 3 web-3 127.0.0.1 0 5 1 1 1 1 0 0 8 0 0 0 - 18083 - 0 0 - - 0\n"
          + "3 be_web 4 web-9 127.0.0.1 2 0 1 1 1 1 0 2 0 0 0 0 - 18089 - 0 0 - - 0\n\n";

  /**
   * After {@code set server be_web/web-2 state maint}, {@code web-1 state drain}, {@code web-9
   * weight 50}.
   */
  private static final String AFTER_SET_SERVER =
      "1\n"
          + HEADER
          + "3 be_web 1 web-1 127.0.0.1 2 8 1 1 0 1 0 2 0 0 0 0 - 18081 - 0 0 - - 0\n"
          + "3 be_web 2 web-2 127.0.0.1 0 1 3 3 0 1 0 0 0 0 0 0 - 18082 - 0 0 - - 0\n"
          + "3 be_web 3 web-3 127.0.0.1 0 5 1 1 2 1 0 0 8 0 0 0 - 18083 - 0 0 - - 0\n"
          + "3 be_web 4 web-9 127.0.0.1 2 0 50 1 2 1 0 2 0 0 0 0 - 18089 - 0 0 - - 0\n\n";

  private final LbConfig config = LbConfig.parse(LbFormat.HAPROXY, CONFIG);
  private final Observed.FileState file =
      new Observed.FileState(
          ConfigChanges.sha256(CONFIG.getBytes()),
          config.declaredWeights("be_web"),
          config.pool("be_web").orElseThrow().effectiveWeights());

  @Test
  void readsMaintDrainAndWeightsSetAtRuntimeAndTheConfigsDisabledServerAsMaint() {
    Map<String, RuntimeServer> s =
        ServersState.runtimeServers(ServersState.parse(AFTER_SET_SERVER));

    assertThat(s.get("web-1")).isEqualTo(new RuntimeServer(1, "DRAIN"));
    assertThat(s.get("web-2")).isEqualTo(new RuntimeServer(3, "MAINT"));
    assertThat(s.get("web-3").effectiveWeight()).isZero();
    assertThat(s.get("web-9")).isEqualTo(new RuntimeServer(50, null));
  }

  @Test
  void theStateAsConfiguredIsNoDriftEvenWithADisabledServerAndABackup() {
    PoolWatch w = new PoolWatch("be_web", "active/be_web.cfg");
    Announced announced = new Announced("v41", file.hash(), 1, "bot");

    assertThat(w.observe(observed(AS_CONFIGURED), announced)).isEmpty();
  }

  @Test
  void maintAndDrainSetAtRuntimeAreDriftWithWeightsAsHaproxyUsesThem() {
    PoolWatch w = new PoolWatch("be_web", "active/be_web.cfg");
    Announced announced = new Announced("v41", file.hash(), 1, "bot");
    w.observe(observed(AS_CONFIGURED), announced);

    Announcement a = w.observe(observed(AFTER_SET_SERVER), announced).orElseThrow();

    assertThat(a.version()).startsWith("v41+runtime-");
    assertThat(a.servers())
        .as("web-3 is disabled in the file and at runtime: not a server of the pool")
        .isEqualTo(Map.of("web-1", 0, "web-2", 0));
    assertThat(a.description())
        .contains("web-1 DRAIN (weight 1 in the file)", "web-2 MAINT (weight 3 in the file)")
        .doesNotContain("web-9");
  }

  private Observed observed(String serversState) {
    return new Observed(
        file, "v41", "w1", ServersState.runtimeServers(ServersState.parse(serversState)));
  }
}
