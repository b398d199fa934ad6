package io.fulcrum.actuator.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.actuator.ActuatorKafkaFixture;
import io.fulcrum.actuator.ActuatorMain;
import io.fulcrum.actuator.TestCommands;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.lab.UnixSocketRelay;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.serde.registry.MockRegistryScopes;
import io.fulcrum.serde.registry.RegistryHttpServer;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.fulcrum.testkit.RequiredPrograms;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two actuators serve the same pools, each in its own JVM, in front of a real HAProxy. The one that
 * gets the rollback command is killed with SIGKILL the moment its reload reaches HAProxy: the load
 * balancer has applied it, the actuator has not committed its result. The other takes the command
 * over: HAProxy reloads exactly once, and exactly one result is published.
 */
class TwoActuatorsCrashIT {
  @RegisterExtension static final KafkaClusterExtension kafka = new KafkaClusterExtension();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private final List<Process> actuators = new ArrayList<>();
  private final List<AutoCloseable> closeLast = new ArrayList<>();
  private ActuatorKafkaFixture fx;

  @AfterEach
  void stop() throws Exception {
    actuators.forEach(Process::destroyForcibly);
    for (AutoCloseable c : closeLast) {
      c.close();
    }
  }

  @Test
  void aSecondActuatorFinishesAKilledOnesRollbackWithoutReloadingAgain() throws Exception {
    HaproxyLab lab = HaproxyLab.start(dir, RequiredPrograms.require("haproxy", "haproxy"));
    RegistryHttpServer registry =
        new RegistryHttpServer(
            MockRegistryScopes.scope(kafka.uniqueName("reg")), "127.0.0.1", 0, null);
    fx = new ActuatorKafkaFixture(kafka, registry.url().toString());
    closeLast.addAll(List.of(fx, registry, lab));
    lab.backend.apply(new ApplyRequest("deploy", "-", HaproxyLab.POOL, "v41", "v42", "the typo"));
    assertThat(lab.spread(200)).containsExactly(200, 0, 0, 0);
    int reloadsBefore = lab.process.reloads();

    List<String> reloadsSeen = new CopyOnWriteArrayList<>();
    AtomicReference<Process> killed = new AtomicReference<>();
    Process a = actuator("a", reloadsSeen, killed);
    awaitConsuming(a, "a");
    Process b = actuator("b", reloadsSeen, killed);
    awaitConsuming(b, "b");

    fx.publish(TestCommands.signed("cmd-1", HaproxyLab.POOL, "v42", "v41"));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> killed.get() != null && !killed.get().isAlive());
    RemediationResult result = fx.awaitResult(1);
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(15))
        .until(() -> fx.pollResults().size() == 1);

    assertThat(reloadsSeen).as("reload commands sent to HAProxy by either actuator").hasSize(1);
    assertThat(lab.process.reloads() - reloadsBefore)
        .as("HAProxy's own count of reloads")
        .isEqualTo(1);
    assertThat(result.getCommandId()).isEqualTo("cmd-1");
    assertThat(result.getOutcome()).isEqualTo(RemediationOutcome.NOOP_ALREADY_ACTIVE);
    assertThat(result.getActuatorId()).isEqualTo(killed.get() == a ? "act-b" : "act-a");
    assertThat(lab.spread(200)).as("v41 serves again").containsExactly(50, 50, 50, 50);
  }

  /**
   * An actuator JVM whose master-CLI socket is a relay: the first reload through any relay kills
   * its sender.
   */
  private Process actuator(String name, List<String> reloadsSeen, AtomicReference<Process> killed)
      throws IOException {
    Path relay = dir.resolve("master-" + name + ".sock");
    Process[] self = new Process[1];
    closeLast.add(
        0,
        new UnixSocketRelay(
            relay,
            dir.resolve("master.sock"),
            command -> {
              if (command.startsWith("reload")) {
                reloadsSeen.add(name);
                if (killed.compareAndSet(null, self[0])) {
                  self[0].destroyForcibly();
                }
              }
            }));
    Map<String, String> extra = new HashMap<>();
    extra.put("fulcrum.actuator.id", "act-" + name);
    extra.put("fulcrum.actuator.backends", HaproxyLab.POOL + ":haproxy");
    extra.put("fulcrum.actuator.watch.interval", "0s");
    extra.put("fulcrum.metrics.enabled", "false");
    extra.put("session.timeout.ms", "6000");
    extra.put("fulcrum.haproxy.binary", RequiredPrograms.require("haproxy", "haproxy").toString());
    extra.put("fulcrum.haproxy.store", dir.resolve("store").toString());
    extra.put("fulcrum.haproxy.base-config", dir.resolve("base.cfg").toString());
    extra.put("fulcrum.haproxy.master-socket", relay.toString());
    extra.put("fulcrum.haproxy.stats-socket", dir.resolve("stats.sock").toString());
    Properties p = new Properties();
    p.putAll(fx.settingsMap(extra));
    Path config = dir.resolve("actuator-" + name + ".properties");
    try (Writer w = Files.newBufferedWriter(config)) {
      p.store(w, "actuator " + name);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    self[0] =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                ActuatorMain.class.getName(),
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("actuator-" + name + ".log").toFile())
            .start();
    actuators.add(self[0]);
    return self[0];
  }

  private void awaitConsuming(Process p, String name) {
    Path log = dir.resolve("actuator-" + name + ".log");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              assertThat(p.isAlive()).as("actuator %s is running; its log: %s", name, log).isTrue();
              return Files.exists(log) && Files.readString(log).contains("consuming");
            });
  }
}
