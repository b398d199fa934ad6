package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RawConfigTest {
  private static final Map<String, String> DEFAULTS =
      Map.of("fulcrum.window.size", "10s", "fulcrum.metrics.port", "9404");

  @Test
  void ignoresTheLaunchersAndLoggingsOwnVariablesButRejectsOtherUnknownOnes() {
    RawConfig c =
        RawConfig.load(
            DEFAULTS,
            null,
            Map.of(
                "FULCRUM_JAVA_OPTS",
                "-Xmx2g",
                "FULCRUM_LOG_LEVEL",
                "DEBUG",
                "FULCRUM_WINDOW_SIZE",
                "5s"));
    assertThat(c.string("fulcrum.window.size")).isEqualTo("5s");
    assertThatThrownBy(() -> RawConfig.load(DEFAULTS, null, Map.of("FULCRUM_JAVA_OPT", "-Xmx2g")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("FULCRUM_JAVA_OPT:");
  }

  @Test
  void parsesBooleansAndPortsStrictlyNamingTheKey() {
    RawConfig c = RawConfig.of(Map.of("a", "TRUE", "b", "yes", "p", "65536", "q", "0"));
    assertThat(c.bool("a")).isTrue();
    assertThatThrownBy(() -> c.bool("b")).hasMessageStartingWith("b: must be true or false");
    assertThatThrownBy(() -> c.port("p")).hasMessageStartingWith("p: must be a port number");
    assertThat(c.port("q")).isZero();
  }
}
