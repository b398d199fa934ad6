package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class AccessLogSourceConfigTest {

  private static Map<String, String> props(String... kv) {
    Map<String, String> p = new HashMap<>(Map.of("files", "/var/log/haproxy.log"));
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsGiveRawLinesForTheAccessLogsTopic() {
    AccessLogSourceConfig c = AccessLogSourceConfig.from(props());
    assertThat(c.outputMode()).isEqualTo(AccessLogSourceConfig.OutputMode.RAW);
    assertThat(c.topic()).isEqualTo("fulcrum.access-logs");
    assertThat(c.files()).containsExactly(Path.of("/var/log/haproxy.log"));
    assertThat(c.pollIntervalMs()).isEqualTo(500);
    assertThat(c.batchSize()).isEqualTo(2000);
    assertThat(c.startAtEnd()).isFalse();
    assertThat(c.failOnParseError()).isFalse();
  }

  @Test
  void avroModeDefaultsToTheRequestsTopicAndAnExplicitTopicWins() {
    assertThat(AccessLogSourceConfig.from(props("output.mode", "avro")).topic())
        .isEqualTo("fulcrum.requests");
    assertThat(
            AccessLogSourceConfig.from(props("output.mode", "avro", "topic", "lb.requests"))
                .topic())
        .isEqualTo("lb.requests");
  }

  @Test
  void rejectsBadValuesNamingTheKey() {
    assertRejected(props("files", "relative/access.log"), "files", "absolute path");
    assertRejected(props("files", ""), "files", "at least one");
    assertRejected(props("files", "/a.log,/a.log"), "files", "twice");
    assertRejected(props("format", "apache"), "format", "haproxy");
    assertRejected(props("output.mode", "json"), "output.mode", "raw");
    assertRejected(props("timezone", "Mars/Olympus"), "timezone", "time zone");
    assertRejected(props("poll.interval.ms", "0"), "poll.interval.ms", "at least 10");
    assertRejected(props("batch.size", "0"), "batch.size", "at least 1");
    assertRejected(props("max.line.bytes", "10"), "max.line.bytes", "at least 256");
    assertRejected(props("start.position", "middle"), "start.position", "beginning");
    assertRejected(props("parse.error.policy", "dlq"), "parse.error.policy", "skip");
  }

  @Test
  void theFilesSettingIsRequired() {
    assertThatThrownBy(() -> AccessLogSourceConfig.from(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("files");
  }

  @Test
  void connectValidationReportsTheErrorOnTheKey() {
    Config result = new AccessLogSourceConnector().validate(props("format", "apache"));
    ConfigValue format =
        result.configValues().stream()
            .filter(v -> v.name().equals("format"))
            .findFirst()
            .orElseThrow();
    assertThat(format.errorMessages()).singleElement().asString().contains("haproxy");
  }

  @Test
  void eachFileGoesToExactlyOneTask() {
    AccessLogSourceConnector connector = new AccessLogSourceConnector();
    connector.start(props("files", "/l/a.log,/l/b.log,/l/c.log,/l/d.log,/l/e.log"));
    List<Map<String, String>> tasks = connector.taskConfigs(2);
    assertThat(tasks).hasSize(2);
    assertThat(tasks.stream().flatMap(t -> List.of(t.get("files").split(",")).stream()))
        .containsExactlyInAnyOrder("/l/a.log", "/l/b.log", "/l/c.log", "/l/d.log", "/l/e.log");
    assertThat(connector.taskConfigs(10)).hasSize(5);
  }

  private static void assertRejected(Map<String, String> props, String key, String problem) {
    assertThatThrownBy(() -> AccessLogSourceConfig.from(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(problem);
  }
}
