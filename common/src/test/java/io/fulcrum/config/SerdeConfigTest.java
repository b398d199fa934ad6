package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SerdeConfigTest {
  @Test
  void keepsSchemaRegistryAuthAndAutoRegisterKeysAndDropsTheRest() {
    Map<String, String> kafka =
        Map.of(
            "schema.registry.url",
            "http://sr:8081",
            "schema.registry.ssl.truststore.location",
            "/ts",
            "basic.auth.user.info",
            "u:p",
            "auto.register.schemas",
            "false",
            "bootstrap.servers",
            "k:9092",
            "application.id",
            "fulcrum");
    assertThat(SerdeConfig.of(kafka))
        .containsOnlyKeys(
            "schema.registry.url",
            "schema.registry.ssl.truststore.location",
            "basic.auth.user.info",
            "auto.register.schemas");
  }

  @Test
  void returnsACopyTheCallerMayExtend() {
    Map<String, String> serde = SerdeConfig.of(Map.of("schema.registry.url", "mock://x"));
    serde.put("specific.avro.reader", "true");
    assertThat(serde).containsEntry("schema.registry.url", "mock://x");
  }
}
