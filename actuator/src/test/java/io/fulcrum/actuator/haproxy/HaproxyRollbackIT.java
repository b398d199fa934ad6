package io.fulcrum.actuator.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.actuator.ActuatorKafkaFixture;
import io.fulcrum.actuator.TestCommands;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.lab.LoopbackPool;
import io.fulcrum.actuator.lab.TrafficProbe;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.fulcrum.testkit.RequiredPrograms;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The actuator against a real HAProxy 2.6 and a real broker: the postmortems' incident, rolled
 * back.
 */
class HaproxyRollbackIT {
  @RegisterExtension static final KafkaClusterExtension kafka = new KafkaClusterExtension();

  @TempDir Path dir;

  private HaproxyLab lab;
  private ActuatorKafkaFixture fx;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void start() throws Exception {
    lab = HaproxyLab.start(dir, RequiredPrograms.require("haproxy", "haproxy"));
    fx = new ActuatorKafkaFixture(kafka, lab);
    fx.startRouting(LoopbackPool.POOL, lab.backend, meters);
  }

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void rollsBackToTheGoodVersionOnARealHaproxyWithoutDroppingTheListener() throws Exception {
    assertThat(lab.spread(200)).as("v41 spreads over four servers").containsExactly(50, 50, 50, 50);
    lab.backend.apply(
        new ApplyRequest("deploy", "-", HaproxyLab.POOL, "v41", "v42", "a deploy with a typo"));
    assertThat(lab.spread(200)).as("v42 sends everything to web-1").containsExactly(200, 0, 0, 0);
    long masterPid = lab.process.masterPid();
    int reloadsBefore = lab.process.reloads();

    RollbackCommand command = TestCommands.signed("cmd-1", HaproxyLab.POOL, "v42", "v41");
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
    assertThat(result.getBackend()).isEqualTo("haproxy");
    assertThat(result.getDurationMs()).isBetween(0L, 10_000L);
    assertThat(lab.backend.activeVersion(HaproxyLab.POOL)).isEqualTo("v41");
    assertThat(lab.process.masterPid()).isEqualTo(masterPid);
    assertThat(lab.process.isAlive()).isTrue();
    assertThat(lab.process.reloads()).isEqualTo(reloadsBefore + 1);
    assertThat(lab.spread(200))
        .as("traffic spreads again, measured at the servers")
        .containsExactly(50, 50, 50, 50);
    // the watcher announces what it finds by hand (v41 at start, v42 above); the rollback's own
    // change is the actuator's
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                fx.pollConfigChanges().stream()
                    .anyMatch(c -> "fulcrum-actuator".equals(c.getAuthor())));
    LbConfigChange change =
        fx.configChanges.stream()
            .filter(c -> "fulcrum-actuator".equals(c.getAuthor()))
            .findFirst()
            .orElseThrow();
    assertThat(change.getVersion()).isEqualTo("v41");
    assertThat(change.getAuthor()).isEqualTo("fulcrum-actuator");
    assertThat(change.getServers())
        .isEqualTo(Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 1.0));

    fx.publish(command);
    RemediationResult replay = fx.awaitResult(2);
    assertThat(replay).as("a replay repeats the first result").isEqualTo(result);
    assertThat(lab.process.reloads()).as("no second reload").isEqualTo(reloadsBefore + 1);

    fx.publish(
        TestCommands.FORGER.sign(TestCommands.unsigned("cmd-2", HaproxyLab.POOL, "v41", "v42")));
    RemediationResult forged = fx.awaitResult(3);
    assertThat(forged.getOutcome()).isEqualTo(RemediationOutcome.REJECTED);
    assertThat(forged.getReason()).contains("failed signature check");
    assertThat(lab.backend.activeVersion(HaproxyLab.POOL)).isEqualTo("v41");
    assertThat(lab.process.reloads()).isEqualTo(reloadsBefore + 1);
    assertThat(
            meters
                .counter("fulcrum.actuator.commands", "outcome", "APPLIED", "backend", "haproxy")
                .count())
        .isEqualTo(1);
    assertThat(meters.counter("fulcrum.actuator.signatures.rejected").count()).isEqualTo(1);
    assertThat(meters.counter("fulcrum.actuator.commands.duplicate").count()).isEqualTo(1);
    assertThat(
            meters
                .timer(
                    "fulcrum.actuator.apply.duration", "backend", "haproxy", "outcome", "APPLIED")
                .count())
        .isEqualTo(1);
  }

  @Test
  void aVersionThatDoesNotValidateFailsAndLeavesTheRunningConfigInPlace() throws Exception {
    int reloadsBefore = lab.process.reloads();

    fx.publish(TestCommands.signed("cmd-bad", HaproxyLab.POOL, "v41", "v40"));
    RemediationResult result = fx.awaitResult(1);

    assertThat(result.getOutcome()).isEqualTo(RemediationOutcome.FAILED);
    assertThat(result.getReason())
        .contains("v40 of be_web does not validate", "wieght", "nothing was changed");
    assertThat(result.getVersionAfter()).isEqualTo("v41");
    assertThat(lab.backend.activeVersion(HaproxyLab.POOL)).isEqualTo("v41");
    assertThat(lab.process.reloads()).isEqualTo(reloadsBefore);
    assertThat(lab.spread(40)).containsExactly(10, 10, 10, 10);
  }

  @Test
  void unknownVersionsAndPathTraversalAreRejectedWithoutTouchingHaproxy() throws Exception {
    int reloadsBefore = lab.process.reloads();

    fx.publish(TestCommands.signed("cmd-missing", HaproxyLab.POOL, "v41", "v39"));
    fx.publish(TestCommands.signed("cmd-traversal", HaproxyLab.POOL, "v41", "../../../etc/passwd"));
    List<RemediationResult> results = List.of(fx.awaitResult(1), fx.awaitResult(2));

    assertThat(results)
        .extracting(RemediationResult::getOutcome)
        .containsOnly(RemediationOutcome.REJECTED);
    assertThat(results.get(0).getReason())
        .contains("v39 of pool be_web is not in the haproxy store");
    assertThat(results.get(1).getReason()).contains("not a valid name");
    assertThat(lab.process.reloads()).isEqualTo(reloadsBefore);
  }

  @Test
  void tellsWhetherHaproxyServesAVersionThroughTheStatsSocketOrTheMaster() throws Exception {
    HaproxySettings s = lab.settings;
    HaproxyBackend viaMaster =
        new HaproxyBackend(
            new HaproxySettings(
                s.binary(),
                s.store(),
                s.baseConfig(),
                s.masterSocket(),
                null,
                s.verifyTimeout(),
                s.commandTimeout()));

    for (HaproxyBackend b : List.of(lab.backend, viaMaster)) {
      assertThat(b.confirmServing(HaproxyLab.POOL, "v41")).isNull();
      assertThat(b.confirmServing(HaproxyLab.POOL, "v42"))
          .contains("web-2 runs but is not in the config");
    }
  }
}
