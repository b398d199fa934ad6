package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.ConfigException;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {
  private static final String SECRET = "a-signing-secret-0123456789";

  @Test
  void servesOnLoopback9406AndAdvertisesTheBindHostByDefault() {
    FulcrumSettings s = FulcrumSettings.load(null, Map.of("FULCRUM_SIGNING_SECRET", SECRET));
    assertThat(s.api()).isEqualTo(new FulcrumSettings.Api("127.0.0.1", 9406, "127.0.0.1", "", 360));
    assertThat(
            StreamsProperties.of(
                    s,
                    new PipelineMetrics(
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()))
                .getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG))
        .isEqualTo("127.0.0.1:9406");
  }

  @Test
  void environmentVariablesSetTheApiAndPortZeroTurnsItOff() {
    FulcrumSettings s =
        FulcrumSettings.load(
            null,
            Map.of(
                "FULCRUM_SIGNING_SECRET",
                SECRET,
                "FULCRUM_API_HOST",
                "0.0.0.0",
                "FULCRUM_API_ADVERTISED_HOST",
                "fulcrum-2",
                "FULCRUM_API_PORT",
                "9500"));
    assertThat(s.api()).isEqualTo(new FulcrumSettings.Api("0.0.0.0", 9500, "fulcrum-2", "", 360));
    FulcrumSettings off =
        FulcrumSettings.load(
            null, Map.of("FULCRUM_SIGNING_SECRET", SECRET, "FULCRUM_API_PORT", "0"));
    assertThat(off.api().enabled()).isFalse();
    assertThat(
            StreamsProperties.of(
                off,
                new PipelineMetrics(
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry())))
        .doesNotContainKey(StreamsConfig.APPLICATION_SERVER_CONFIG);
  }

  @Test
  void aWildcardBindNeedsAnAdvertisedHost() {
    assertThatThrownBy(
            () ->
                FulcrumSettings.load(
                    null, Map.of("FULCRUM_SIGNING_SECRET", SECRET, "FULCRUM_API_HOST", "0.0.0.0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("fulcrum.api.advertised-host:");
  }

  @Test
  void theWindowsKeptPerPoolAreASettingOfAtLeastOne() {
    FulcrumSettings s =
        FulcrumSettings.load(
            null, Map.of("FULCRUM_SIGNING_SECRET", SECRET, "FULCRUM_API_RECENT_WINDOWS", "60"));
    assertThat(s.api().recentWindows()).isEqualTo(60);
    assertThatThrownBy(
            () ->
                FulcrumSettings.load(
                    null,
                    Map.of("FULCRUM_SIGNING_SECRET", SECRET, "FULCRUM_API_RECENT_WINDOWS", "0")))
        .hasMessageStartingWith("fulcrum.api.recent-windows");
  }
}
