package io.fulcrum.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.connect.alert.AlertmanagerSinkConnector;
import io.fulcrum.connect.source.AccessLogSourceConnector;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped sample connector configs pass the connectors' own validation. */
class SampleConfigsTest {
  private static final Path DIR = Path.of("config");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "access-log-source.properties",
        "access-log-source.json",
        "alertmanager-sink.properties",
        "alertmanager-sink.json"
      })
  void sampleConnectorConfigIsValid(String file) throws IOException {
    Map<String, String> props = load(DIR.resolve(file));
    Connector connector =
        switch (props.get("connector.class")) {
          case "io.fulcrum.connect.source.AccessLogSourceConnector" ->
              new AccessLogSourceConnector();
          case "io.fulcrum.connect.alert.AlertmanagerSinkConnector" ->
              new AlertmanagerSinkConnector();
          default -> throw new AssertionError("unknown connector.class in " + file);
        };
    Stream<ConfigValue> values = connector.validate(props).configValues().stream();
    assertThat(
            values
                .filter(v -> !v.errorMessages().isEmpty())
                .map(v -> v.name() + ": " + v.errorMessages()))
        .isEmpty();
  }

  private static Map<String, String> load(Path file) throws IOException {
    if (file.toString().endsWith(".json")) {
      return new ObjectMapper()
          .readValue(file.toFile(), new TypeReference<Map<String, String>>() {});
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    Map<String, String> out = new HashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }
}
