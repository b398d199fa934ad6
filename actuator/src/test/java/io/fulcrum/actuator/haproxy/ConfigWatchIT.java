package io.fulcrum.actuator.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.actuator.ActuatorKafkaFixture;
import io.fulcrum.actuator.TestCommands;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.fulcrum.testkit.RequiredPrograms;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The actuator's watcher against a real HAProxy 2.6 and a real broker: changes made by hand on disk
 * (a switched pointer, a file edited in place, each followed by a master CLI reload) and on the
 * runtime API ({@code set server ... state maint}) are announced within seconds with the weights
 * HAProxy uses; the actuator's own rollback is announced once.
 */
class ConfigWatchIT {
  private static final Duration SECONDS = Duration.ofSeconds(10);

  @RegisterExtension static final KafkaClusterExtension kafka = new KafkaClusterExtension();

  @TempDir Path dir;

  private HaproxyLab lab;
  private ActuatorKafkaFixture fx;

  @BeforeEach
  void start() throws Exception {
    lab = HaproxyLab.start(dir, RequiredPrograms.require("haproxy", "haproxy"));
    fx = new ActuatorKafkaFixture(kafka, lab);
    fx.start(
        fx.settings(
            Map.of(
                "fulcrum.actuator.backends",
                HaproxyLab.POOL + ":haproxy",
                "fulcrum.actuator.watch.interval",
                "500ms")),
        Map.of("haproxy", lab.backend),
        new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void changesMadeByHandOnDiskAndAtRuntimeAreAnnouncedWithTheWeightsHaproxyUses() throws Exception {
    LbConfigChange first = awaitChange(1);
    assertThat(first.getVersion()).as("nobody announced v41: found at start").isEqualTo("v41");
    assertThat(first.getAuthor()).isEqualTo("detected");
    assertThat(first.getServers())
        .isEqualTo(Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 1.0));

    cli(lab.settings.statsSocket(), "set server be_web/web-2 state maint");
    LbConfigChange maint = awaitChange(2);
    assertThat(maint.getVersion()).startsWith("v41+runtime-");
    assertThat(maint.getAuthor()).isEqualTo("runtime");
    assertThat(maint.getServers())
        .isEqualTo(Map.of("web-1", 1.0, "web-2", 0.0, "web-3", 1.0, "web-4", 1.0));
    assertThat(maint.getDescription()).contains("web-2 MAINT");
    assertThat(lab.spread(30)).as("what the announcement says").containsExactly(10, 0, 10, 10);

    cli(lab.settings.statsSocket(), "set server be_web/web-2 state ready");
    LbConfigChange ready = awaitChange(3);
    assertThat(ready.getVersion()).isEqualTo("v41");
    assertThat(ready.getAuthor()).isEqualTo("runtime");
    assertThat(ready.getDescription()).contains("matches v41 again");

    Path pointer = lab.backend.store().pointer(HaproxyLab.POOL);
    Path tmp = pointer.resolveSibling(".by-hand");
    Files.createSymbolicLink(tmp, Path.of("../versions/be_web/v42.cfg"));
    Files.move(tmp, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    cli(lab.settings.masterSocket(), "reload");
    LbConfigChange v42 = awaitChange(4);
    assertThat(v42.getVersion()).isEqualTo("v42");
    assertThat(v42.getAuthor()).isEqualTo("detected");
    assertThat(v42.getServers()).isEqualTo(Map.of("web-1", 1.0));
    assertThat(v42.getConfigHash())
        .isEqualTo(io.fulcrum.actuator.backend.ConfigChanges.fileHash(pointer));

    String edited =
        Files.readString(lab.backend.store().versionFile(HaproxyLab.POOL, "v41"))
            .replace(
                "server web-4 127.0.0.1:" + lab.pool.port(3),
                "server web-4 127.0.0.1:" + lab.pool.port(3) + " weight 3");
    Files.writeString(tmp, edited);
    Files.move(tmp, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertThat(fx.pollConfigChanges()).as("not announced before the reload").hasSize(4);
    cli(lab.settings.masterSocket(), "reload");
    LbConfigChange byHand = awaitChange(5);
    assertThat(byHand.getVersion())
        .as("a regular file is no stored version")
        .matches("sha-[0-9a-f]{8}");
    assertThat(byHand.getServers())
        .isEqualTo(Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0, "web-4", 3.0));
  }

  @Test
  void theActuatorsOwnRollbackIsAnnouncedOnceAndNotAgainByTheWatcher() throws Exception {
    awaitChange(1);
    lab.backend.apply(
        new io.fulcrum.actuator.backend.ApplyRequest(
            "by-hand", "-", HaproxyLab.POOL, "v41", "v42", "a deploy nobody announced"));
    assertThat(awaitChange(2).getVersion()).isEqualTo("v42");

    fx.publish(TestCommands.signed("cmd-1", HaproxyLab.POOL, "v42", "v41"));
    assertThat(fx.awaitResult(1).getOutcome()).isEqualTo(RemediationOutcome.APPLIED);
    LbConfigChange rollback = awaitChange(3);
    assertThat(rollback.getAuthor()).isEqualTo("fulcrum-actuator");
    assertThat(rollback.getVersion()).isEqualTo("v41");

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> fx.pollConfigChanges().size() == 3);
  }

  private LbConfigChange awaitChange(int n) {
    await().atMost(SECONDS).until(() -> fx.pollConfigChanges().size() >= n);
    List<LbConfigChange> all = fx.configChanges;
    assertThat(all).as("exactly %d announcements so far: %s", n, all).hasSize(n);
    return all.get(n - 1);
  }

  private static void cli(Path socket, String command) throws Exception {
    UnixSocketCli.send(socket, command, Duration.ofSeconds(5));
  }
}
