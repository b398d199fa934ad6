package io.fulcrum.actuator.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackendRoutesTest {
  @Test
  void routesExactPoolsFirstThenTheFallback() {
    BackendRoutes r = BackendRoutes.parse(" be_web:haproxy, be_api:webhook ,*:dry-run");

    assertThat(r.backendFor("be_web")).isEqualTo("haproxy");
    assertThat(r.backendFor("be_api")).isEqualTo("webhook");
    assertThat(r.backendFor("be_other")).isEqualTo("dry-run");
    assertThat(r.backends()).containsExactly("dry-run", "haproxy", "webhook");
  }

  @Test
  void withoutAFallbackUnlistedPoolsHaveNoBackend() {
    assertThat(BackendRoutes.parse("be_web:haproxy").backendFor("be_api")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "be_web",
        "be_web:",
        ":haproxy",
        "../x:haproxy",
        "a:b,a:c",
        "*:a,*:b",
        "be_web:ha proxy"
      })
  void badSpecsNameTheKey(String spec) {
    assertThatThrownBy(() -> BackendRoutes.parse(spec))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("fulcrum.actuator.backends: ");
  }
}
