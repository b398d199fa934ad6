package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.ConfigException;
import io.fulcrum.config.RawConfig;
import io.fulcrum.serde.FulcrumTopics.KeyFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FulcrumSettingsTest {
  private static final Map<String, String> SECRET =
      Map.of("FULCRUM_SIGNING_SECRET", "0123456789abcdef!");

  @TempDir Path dir;

  @Test
  void remediationDefaultsMatchTheDocumentedPolicyAndTheSecretComesFromTheEnvironment() {
    FulcrumSettings s = FulcrumSettings.load(null, SECRET);
    assertThat(s.remediation().orElseThrow().persistenceWindows()).isEqualTo(2);
    assertThat(s.remediation().orElseThrow().cooldown()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.remediation().orElseThrow().maxRollbacksPerHour()).isEqualTo(2);
    assertThat(s.remediation().orElseThrow().dryRun()).isFalse();
    assertThat(s.remediation().orElseThrow().secret()).isEqualTo("0123456789abcdef!");
    assertThat(s.remediation().orElseThrow().toString()).doesNotContain("0123456789abcdef!");
    assertThat(s.poolPartitions()).isEqualTo(6);
    assertThat(s.metrics().enabled()).isTrue();
    assertThat(s.metrics().host()).isEqualTo("127.0.0.1");
    assertThat(s.metrics().port()).isEqualTo(FulcrumSettings.DEFAULT_METRICS_PORT);
  }

  @Test
  void refusesToStartRemediationWithoutASigningSecret() {
    assertThatThrownBy(() -> FulcrumSettings.load(null, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("fulcrum.signing.secret: is required");
    assertThatThrownBy(() -> FulcrumSettings.load(null, Map.of("FULCRUM_SIGNING_SECRET", "short")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("fulcrum.signing.secret:");
  }

  @Test
  void disablingRemediationNeedsNoSecret() {
    FulcrumSettings s = FulcrumSettings.load(null, Map.of("FULCRUM_REMEDIATION_ENABLED", "false"));
    assertThat(s.remediation()).isEmpty();
  }

  @Test
  void readsGuardsFromTheEnvironment() {
    FulcrumSettings s =
        FulcrumSettings.load(
            null,
            Map.of(
                "FULCRUM_SIGNING_SECRET",
                "0123456789abcdef!",
                "FULCRUM_REMEDIATION_DRY_RUN",
                "true",
                "FULCRUM_REMEDIATION_KILL_SWITCH",
                "TRUE",
                "FULCRUM_REMEDIATION_COOLDOWN",
                "90s",
                "FULCRUM_METRICS_PORT",
                "0"));
    assertThat(s.remediation().orElseThrow().dryRun()).isTrue();
    assertThat(s.remediation().orElseThrow().killSwitch()).isTrue();
    assertThat(s.remediation().orElseThrow().cooldown()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.metrics().port()).isZero();
  }

  private Path file(String content) throws IOException {
    Path p = dir.resolve("fulcrum.properties");
    Files.writeString(p, content);
    return p;
  }

  @Test
  void usesDocumentedDefaultsWithoutFileOrEnvironment() {
    FulcrumSettings s = FulcrumSettings.load(null, SECRET);
    assertThat(s.windowSize()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.grace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.topics().anomalies()).isEqualTo("fulcrum.anomalies");
    assertThat(s.keyFormat()).isEqualTo(KeyFormat.AVRO);
    assertThat(s.kafka())
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("application.id", "fulcrum");
    assertThat(s.detection().alpha()).isEqualTo(1e-6);
  }

  @Test
  void environmentOverridesTheFileWhichOverridesDefaults() throws IOException {
    Path f =
        file("fulcrum.window.size=20s\nfulcrum.window.grace=3s\nbootstrap.servers=file:9092\n");
    FulcrumSettings s =
        FulcrumSettings.load(
            f,
            Map.of(
                "FULCRUM_WINDOW_SIZE",
                "30s",
                "FULCRUM_KAFKA_BOOTSTRAP_SERVERS",
                "env:9092",
                "FULCRUM_KAFKA_SCHEMA_REGISTRY_URL",
                "http://sr:8081",
                "FULCRUM_DETECT_IMBALANCE_MIN_EFFECT",
                "0.3",
                "PATH",
                "/usr/bin",
                "FULCRUM_SIGNING_SECRET",
                "0123456789abcdef!"));
    assertThat(s.windowSize()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.grace()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.kafka()).containsEntry("bootstrap.servers", "env:9092");
    assertThat(s.serdeConfig()).containsEntry("schema.registry.url", "http://sr:8081");
    assertThat(s.detection().imbalance().minTvd()).isEqualTo(0.3);
  }

  @Test
  void passesUnknownNonFulcrumKeysThroughToKafka() throws IOException {
    FulcrumSettings s =
        FulcrumSettings.load(file("security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"), SECRET);
    assertThat(s.kafka())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN");
  }

  @Test
  void thePassThroughKafkaSettingsCannotBeChangedAfterLoading() {
    FulcrumSettings s = FulcrumSettings.load(null, SECRET);
    assertThatThrownBy(() -> s.kafka().put("bootstrap.servers", "elsewhere:9092"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "fulcrum.window.size=ten seconds | fulcrum.window.size: 'ten seconds' is not a duration",
        "fulcrum.window.size=500ms | fulcrum.window.size: must be at least 1s",
        "fulcrum.window.grace=20s | fulcrum.window.grace: must not exceed fulcrum.window.size",
        "fulcrum.key.format=json | fulcrum.key.format: 'json' is not one of [avro, string]",
        "fulcrum.access-log.timezone=Mars/Olympus | fulcrum.access-log.timezone:",
        "fulcrum.anomaly.clear-after=0 | fulcrum.anomaly.clear-after: must be >= 1",
        "fulcrum.detect.alpha=2 | fulcrum.detect.alpha: must be between",
        "fulcrum.windw.size=10s | fulcrum.windw.size: unknown setting",
        "fulcrum.remediation.dry-run=yes | fulcrum.remediation.dry-run: must be true or false",
        "fulcrum.remediation.verification-windows=1 | fulcrum.remediation.verification-windows: must be >=",
        "fulcrum.metrics.port=70000 | fulcrum.metrics.port: must be a port number",
        "fulcrum.pool.partitions=0 | fulcrum.pool.partitions: must be >= 1"
      })
  void failsFastNamingTheKey(String line, String message) throws IOException {
    Path f = file(line + "\n");
    assertThatThrownBy(() -> FulcrumSettings.load(f, SECRET))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void rejectsAnEnvironmentVariableThatMatchesNoSetting() {
    assertThatThrownBy(() -> FulcrumSettings.load(null, Map.of("FULCRUM_WINDOW_SIZ", "5s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("FULCRUM_WINDOW_SIZ:");
  }

  @Test
  void namesAMissingConfigFile() {
    assertThatThrownBy(() -> FulcrumSettings.load(dir.resolve("nope.properties"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read")
        .hasMessageContaining("nope.properties");
  }

  @ParameterizedTest
  @CsvSource({
    "500ms,500",
    "10s,10000",
    "1.5s,1500",
    "5m,300000",
    "1h,3600000",
    "PT10S,10000",
    "7,7000"
  })
  void parsesDurations(String text, long millis) {
    assertThat(RawConfig.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
  }
}
