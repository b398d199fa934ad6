package io.fulcrum.actuator.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.actuator.ActuatorKafkaFixture;
import io.fulcrum.actuator.TestCommands;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.lab.LoopbackPool;
import io.fulcrum.actuator.lab.TrafficProbe;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.fulcrum.testkit.RequiredPrograms;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The actuator against a real nginx and a real broker. */
class NginxRollbackIT {
  @RegisterExtension static final KafkaClusterExtension kafka = new KafkaClusterExtension();

  @TempDir Path dir;

  private NginxLab lab;
  private ActuatorKafkaFixture fx;

  @BeforeEach
  void start() throws Exception {
    lab = NginxLab.start(dir, RequiredPrograms.require("nginx", "nginx-light"));
    fx = new ActuatorKafkaFixture(kafka, lab);
    fx.startRouting(LoopbackPool.POOL, lab.backend, new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void rollsBackToTheGoodVersionOnARealNginxWithoutDroppingTheListener() throws Exception {
    assertThat(lab.pool.spread(200)).containsExactly(50, 50, 50, 50);
    lab.backend.apply(
        new ApplyRequest("deploy", "-", NginxLab.POOL, "v41", "v42", "a deploy with a typo"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> lab.pool.spread(20).equals(List.of(20, 0, 0, 0)));
    long masterPid = lab.master.pid();

    RollbackCommand command = TestCommands.signed("cmd-1", NginxLab.POOL, "v42", "v41");
    RemediationResult result =
        TrafficProbe.whileSending(
            lab.pool,
            () -> {
              fx.publish(command);
              return fx.awaitResult(1);
            });

    assertThat(result.getOutcome()).isEqualTo(RemediationOutcome.APPLIED);
    assertThat(result.getVersionBefore()).isEqualTo("v42");
    assertThat(result.getVersionAfter()).isEqualTo("v41");
    assertThat(lab.master.isAlive()).isTrue();
    assertThat(lab.master.pid()).isEqualTo(masterPid);
    // Old workers drain their connections before they exit: wait for the new one alone.
    await().atMost(Duration.ofSeconds(10)).until(() -> lab.workers().size() == 1);
    assertThat(lab.pool.spread(200)).containsExactly(50, 50, 50, 50);
    List<Long> workers = lab.workers();

    fx.publish(command);
    assertThat(fx.awaitResult(2)).isEqualTo(result);
    assertThat(lab.workers()).as("no second reload").isEqualTo(workers);
  }

  @Test
  void aVersionThatFailsNginxTestIsRolledBackBeforeAnyReload() throws Exception {
    List<Long> workers = lab.workers();

    fx.publish(TestCommands.signed("cmd-bad", NginxLab.POOL, "v41", "v40"));
    RemediationResult result = fx.awaitResult(1);

    assertThat(result.getOutcome()).isEqualTo(RemediationOutcome.FAILED);
    assertThat(result.getReason()).contains("does not pass nginx -t", "wieght", "back at v41");
    assertThat(lab.backend.activeVersion(NginxLab.POOL)).isEqualTo("v41");
    assertThat(lab.workers()).isEqualTo(workers);
    assertThat(lab.pool.spread(40)).containsExactly(10, 10, 10, 10);
  }
}
