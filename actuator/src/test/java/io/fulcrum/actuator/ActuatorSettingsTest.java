package io.fulcrum.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.ConfigException;
import io.fulcrum.serde.FulcrumTopics.KeyFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActuatorSettingsTest {
  private static final Map<String, String> ENV =
      Map.of("FULCRUM_SIGNING_SECRET", TestCommands.SECRET);

  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    return Files.write(dir.resolve("actuator.properties"), java.util.List.of(lines));
  }

  private static void failsNaming(String key, Runnable load) {
    assertThatThrownBy(load::run)
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
        .hasMessageStartingWith(key + ": ");
  }

  @Test
  void defaultsAreSafe() {
    ActuatorSettings s = ActuatorSettings.load(null, ENV);

    assertThat(s.routes().backendFor("any_pool")).isEqualTo("dry-run");
    assertThat(s.groupId()).isEqualTo("fulcrum-actuator");
    assertThat(s.kafka()).containsEntry("auto.offset.reset", "earliest");
    assertThat(s.topics().rollbackCommands()).isEqualTo("fulcrum.rollback-commands");
    assertThat(s.topics().remediationResults()).isEqualTo("fulcrum.remediation-results");
    assertThat(s.ledgerTopic()).isEqualTo("fulcrum.actuator-ledger");
    assertThat(s.keyFormat()).isEqualTo(KeyFormat.AVRO);
    assertThat(s.maxPerHour()).isEqualTo(6);
    assertThat(s.dryRun()).isFalse();
    assertThat(s.publishConfigChanges()).isTrue();
    assertThat(s.metrics().port()).isEqualTo(9405);
    assertThat(s.actuatorId()).isNotBlank();
    assertThat(s.haproxy()).isEmpty();
  }

  @Test
  void theSigningSecretIsRequiredLongEnoughAndNeverPrinted() {
    failsNaming("fulcrum.signing.secret", () -> ActuatorSettings.load(null, Map.of()));
    failsNaming(
        "fulcrum.signing.secret",
        () -> ActuatorSettings.load(null, Map.of("FULCRUM_SIGNING_SECRET", "short")));
    assertThat(ActuatorSettings.load(null, ENV).toString()).doesNotContain(TestCommands.SECRET);
  }

  @Test
  void rotationNeedsBothPreviousKeys() {
    failsNaming(
        "fulcrum.signing.previous-secret",
        () -> TestCommands.settings(Map.of("fulcrum.signing.previous-key-id", "old")));
    failsNaming(
        "fulcrum.signing.previous-key-id",
        () ->
            TestCommands.settings(
                Map.of("fulcrum.signing.previous-secret", "old-secret-0123456789")));
    failsNaming(
        "fulcrum.signing.previous-key-id",
        () ->
            TestCommands.settings(
                Map.of(
                    "fulcrum.signing.previous-key-id",
                    "default",
                    "fulcrum.signing.previous-secret",
                    "old-secret-0123456789")));
  }

  @Test
  void readsTheFileThenTheEnvironment() throws IOException {
    Path f =
        file(
            "bootstrap.servers=broker:9092",
            "fulcrum.actuator.backends=be_web:dry-run",
            "fulcrum.actuator.max-per-hour=2",
            "fulcrum.topic.actuator-ledger=my.ledger");
    Map<String, String> env =
        Map.of(
            "FULCRUM_SIGNING_SECRET",
            TestCommands.SECRET,
            "FULCRUM_ACTUATOR_MAX_PER_HOUR",
            "3",
            "FULCRUM_KAFKA_GROUP_ID",
            "actuators-eu");

    ActuatorSettings s = ActuatorSettings.load(f, env);

    assertThat(s.maxPerHour()).isEqualTo(3);
    assertThat(s.ledgerTopic()).isEqualTo("my.ledger");
    assertThat(s.groupId()).isEqualTo("actuators-eu");
    assertThat(s.kafka()).containsEntry("bootstrap.servers", "broker:9092");
    assertThat(s.routes().backendFor("be_api")).isNull();
  }

  @Test
  void unknownAndBadKeysAreNamed() throws IOException {
    Path typo = file("fulcrum.actuator.dryrun=true");
    failsNaming("fulcrum.actuator.dryrun", () -> ActuatorSettings.load(typo, ENV));
    failsNaming(
        "fulcrum.actuator.max-per-hour",
        () -> TestCommands.settings(Map.of("fulcrum.actuator.max-per-hour", "0")));
    failsNaming(
        "fulcrum.actuator.dry-run",
        () -> TestCommands.settings(Map.of("fulcrum.actuator.dry-run", "yes")));
    failsNaming(
        "fulcrum.key.format", () -> TestCommands.settings(Map.of("fulcrum.key.format", "json")));
  }

  @Test
  void haproxyKeysAreRequiredOnlyWhenAPoolUsesIt() throws IOException {
    ActuatorSettings withoutStore =
        TestCommands.settings(Map.of("fulcrum.actuator.backends", "be_web:haproxy"));
    failsNaming(
        "fulcrum.haproxy.store",
        () -> new ActuatorService(withoutStore, Map.of(), new SimpleMeterRegistry()));
    assertThat(
            new ActuatorService(
                    withoutStore,
                    Map.of("haproxy", new InMemoryBackend("be_web", "v1")),
                    new SimpleMeterRegistry())
                .backends())
        .as("a backend passed in from code needs no keys")
        .containsKey("haproxy");
    failsNaming(
        "fulcrum.haproxy.store",
        () ->
            TestCommands.settings(
                Map.of(
                    "fulcrum.actuator.backends",
                    "be_web:haproxy",
                    "fulcrum.haproxy.store",
                    dir.resolve("missing").toString())));
    failsNaming(
        "fulcrum.haproxy.master-socket",
        () ->
            TestCommands.settings(
                Map.of(
                    "fulcrum.actuator.backends",
                    "be_web:haproxy",
                    "fulcrum.haproxy.store",
                    dir.toString())));
    failsNaming(
        "fulcrum.haproxy.binary",
        () ->
            TestCommands.settings(
                Map.of(
                    "fulcrum.actuator.backends",
                    "be_web:haproxy",
                    "fulcrum.haproxy.binary",
                    dir.resolve("no-haproxy").toString(),
                    "fulcrum.haproxy.store",
                    dir.toString(),
                    "fulcrum.haproxy.master-socket",
                    "/run/haproxy-master.sock")));
  }

  @Test
  void readsACompleteHaproxySection() throws IOException {
    Path fakeBinary = Files.createFile(dir.resolve("haproxy"));
    fakeBinary.toFile().setExecutable(true);

    ActuatorSettings s =
        TestCommands.settings(
            Map.of(
                "fulcrum.actuator.backends",
                "be_web:haproxy,*:dry-run",
                "fulcrum.haproxy.binary",
                fakeBinary.toString(),
                "fulcrum.haproxy.store",
                dir.toString(),
                "fulcrum.haproxy.base-config",
                "/etc/haproxy/global.cfg, /etc/haproxy/frontends.cfg",
                "fulcrum.haproxy.master-socket",
                "/run/haproxy-master.sock",
                "fulcrum.haproxy.verify-timeout",
                "3s"));

    assertThat(s.haproxy().orElseThrow().loadOrder())
        .containsExactly(
            Path.of("/etc/haproxy/global.cfg"),
            Path.of("/etc/haproxy/frontends.cfg"),
            dir.resolve("active"));
    assertThat(s.haproxy().orElseThrow().statsSocket()).isNull();
    assertThat(s.haproxy().orElseThrow().verifyTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void anUnknownBackendNameIsNamed() {
    ActuatorSettings s = TestCommands.settings(Map.of("fulcrum.actuator.backends", "be_web:f5"));
    failsNaming(
        "fulcrum.actuator.backends",
        () -> new ActuatorService(s, Map.of(), new SimpleMeterRegistry()));
  }

  @Test
  void webhookNeedsAnHttpUrlAndASecretThatIsNeverPrinted() {
    ActuatorSettings withoutUrl =
        TestCommands.settings(Map.of("fulcrum.actuator.backends", "*:webhook"));
    failsNaming(
        "fulcrum.webhook.url",
        () -> new ActuatorService(withoutUrl, Map.of(), new SimpleMeterRegistry()));
    failsNaming(
        "fulcrum.webhook.url",
        () ->
            TestCommands.settings(
                Map.of(
                    "fulcrum.actuator.backends",
                    "*:webhook",
                    "fulcrum.webhook.url",
                    "ftp://cd.example/rollback")));
    failsNaming(
        "fulcrum.webhook.secret",
        () ->
            TestCommands.settings(
                Map.of(
                    "fulcrum.actuator.backends",
                    "*:webhook",
                    "fulcrum.webhook.url",
                    "https://cd.example/rollback")));

    ActuatorSettings s =
        TestCommands.settings(
            Map.of(
                "fulcrum.actuator.backends",
                "*:webhook",
                "fulcrum.webhook.url",
                "https://cd.example/rollback",
                "fulcrum.webhook.secret",
                "webhook-secret-0123456789"));
    assertThat(s.webhook().orElseThrow().retries()).isEqualTo(3);
    assertThat(s.webhook().orElseThrow().backoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.toString()).doesNotContain("webhook-secret-0123456789", TestCommands.SECRET);
  }
}
