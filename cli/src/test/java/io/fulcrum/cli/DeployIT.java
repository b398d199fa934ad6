package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.actuator.backend.ConfigChanges;
import io.fulcrum.actuator.backend.RuntimeServer;
import io.fulcrum.actuator.haproxy.HaproxyBackend;
import io.fulcrum.actuator.haproxy.HaproxyProcess;
import io.fulcrum.actuator.haproxy.HaproxySettings;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.fulcrum.testkit.RequiredPrograms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fulcrum deploy} against a real HAProxy 2.6 and a real broker: the postmortems' typo is
 * refused (exit 1, pointer, running servers and reload count unchanged, nothing published); forced
 * with a reason it is applied with a real reload and announced already marked as suspect.
 */
class DeployIT {
  @RegisterExtension static final KafkaClusterExtension kafka = new KafkaClusterExtension();

  @TempDir Path dir;

  private HaproxyProcess haproxy;
  private HaproxyBackend backend;
  private Path config;
  private FulcrumTopics topics;
  private KafkaConsumer<byte[], byte[]> reader;
  private final List<LbConfigChange> changes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Path binary = RequiredPrograms.require("haproxy", "haproxy");
    String prefix = kafka.uniqueName("deploy");
    TopicNames names = TopicNames.withPrefix(prefix);
    kafka.createTopics(1, names.configChanges());
    topics =
        FulcrumTopics.create(
            names, FulcrumTopics.KeyFormat.AVRO, Map.of("schema.registry.url", "mock://" + prefix));
    Path base =
        Files.writeString(
            dir.resolve("base.cfg"),
            String.join(
                "\n",
                "global",
                "  stats socket " + dir.resolve("stats.sock") + " level admin expose-fd listeners",
                "defaults",
                "  mode http",
                "  timeout connect 1s",
                "  timeout client 5s",
                "  timeout server 5s",
                "frontend fe",
                "  bind 127.0.0.1:" + freePort(),
                "  default_backend be_web",
                ""));
    HaproxySettings settings =
        new HaproxySettings(
            binary,
            Files.createDirectories(dir.resolve("store")),
            List.of(base),
            dir.resolve("master.sock"),
            dir.resolve("stats.sock"),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));
    backend = new HaproxyBackend(settings);
    backend.store().put("be_web", "v41", section(4));
    backend
        .store()
        .put(
            "be_web",
            "v42",
            "# v42: a typo in the pool definition leaves only web-1\n" + section(1));
    backend.store().activate("be_web", "v41");
    haproxy = HaproxyProcess.start(settings, dir.resolve("haproxy.log"), Duration.ofSeconds(10));
    config =
        Files.writeString(
            dir.resolve("actuator.properties"),
            String.join(
                "\n",
                "bootstrap.servers=" + kafka.bootstrapServers(),
                "schema.registry.url=mock://" + prefix,
                "fulcrum.topic.config-changes=" + names.configChanges(),
                "fulcrum.actuator.backends=be_web:haproxy",
                "fulcrum.haproxy.binary=" + binary,
                "fulcrum.haproxy.base-config=" + base,
                "fulcrum.haproxy.store=" + settings.store(),
                "fulcrum.haproxy.master-socket=" + settings.masterSocket(),
                "fulcrum.haproxy.stats-socket=" + settings.statsSocket(),
                ""));
    reader =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "group.id",
                prefix + "-reader",
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    reader.subscribe(List.of(names.configChanges()));
  }

  @AfterEach
  void stop() {
    if (reader != null) {
      reader.close();
    }
    if (haproxy != null) {
      haproxy.close();
    }
  }

  @Test
  void aBlockedDeployChangesNothingAndPublishesNothing() throws Exception {
    int reloads = haproxy.reloads();
    Map<String, RuntimeServer> running = backend.runtimeServers("be_web");

    CliRun r =
        CliRun.of(
            "deploy",
            "--config",
            config.toString(),
            "--store",
            backend.store().root().toString(),
            "--pool",
            "be_web",
            "--version",
            "v42",
            "--author",
            "alice");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "be_web: only web-1 would get traffic (now 4 servers): BLOCK",
            "verdict: BLOCK",
            "refused: blocked by the change guard; nothing changed");
    assertThat(backend.store().active("be_web")).isEqualTo("v41");
    assertThat(haproxy.reloads()).isEqualTo(reloads);
    assertThat(backend.runtimeServers("be_web")).isEqualTo(running).hasSize(4);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> poll().isEmpty());
  }

  @Test
  void aForcedDeployIsAppliedWithARealReloadAndAnnouncedWithTheVerdictAndReason() throws Exception {
    int reloads = haproxy.reloads();

    CliRun r =
        CliRun.of(
            "deploy",
            "--config",
            config.toString(),
            "--pool",
            "be_web",
            "--version",
            "v42",
            "--force",
            "--reason",
            "web-2..4 are being reimaged",
            "--author",
            "alice");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains(
            "verdict: BLOCK", "deployed: haproxy master", "announced on", "forced past the guard");
    assertThat(backend.store().active("be_web")).isEqualTo("v42");
    assertThat(haproxy.reloads()).isEqualTo(reloads + 1);
    assertThat(backend.runtimeServers("be_web")).containsOnlyKeys("web-1");
    await().atMost(Duration.ofSeconds(20)).until(() -> !poll().isEmpty());
    LbConfigChange c = changes.get(0);
    assertThat(c.getPool()).isEqualTo("be_web");
    assertThat(c.getVersion()).isEqualTo("v42");
    assertThat(c.getAuthor()).isEqualTo("alice");
    assertThat(c.getServers()).isEqualTo(Map.of("web-1", 1.0));
    assertThat(c.getGuardVerdict()).isEqualTo("BLOCK");
    assertThat(c.getGuardFindings())
        .contains("be_web: only web-1 would get traffic (now 4 servers): BLOCK");
    assertThat(c.getForcedReason()).isEqualTo("web-2..4 are being reimaged");
    assertThat(c.getConfigHash())
        .isEqualTo(ConfigChanges.fileHash(backend.store().versionFile("be_web", "v42")));
  }

  private List<LbConfigChange> poll() {
    for (ConsumerRecord<byte[], byte[]> rec : reader.poll(Duration.ofMillis(200))) {
      changes.add(
          topics.configChanges().valueSerde().deserializer().deserialize(rec.topic(), rec.value()));
    }
    return changes;
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String section(int servers) {
    StringBuilder b = new StringBuilder("backend be_web\n  balance roundrobin\n");
    for (int i = 1; i <= servers; i++) {
      // no health checks: HAProxy counts the servers UP without anything listening
      b.append("  server web-").append(i).append(" 127.0.0.1:").append(19000 + i).append('\n');
    }
    return b.toString();
  }
}
