package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingTest {
  private static final Setting<Duration> WINDOW = Setting.duration("fulcrum.window.size", "10s");
  private static final Setting<Integer> COUNT =
      Setting.intAtLeast("fulcrum.detect.min-window-count", 20, 1);
  private static final Setting<Double> ALPHA =
      Setting.doubleBetween("fulcrum.detect.alpha", 1e-6, 1e-300, 0.5);
  private static final Setting<Optional<String>> SECRET =
      Setting.optional("fulcrum.signing.secret");

  @Test
  void theDefaultsMapShowsEachDefaultAsTheReadmeDoesAndNullWhereThereIsNone() {
    Map<String, String> defaults = Setting.defaults(List.of(WINDOW, COUNT, ALPHA, SECRET));
    assertThat(defaults)
        .containsExactly(
            Map.entry("fulcrum.window.size", "10s"),
            Map.entry("fulcrum.detect.min-window-count", "20"),
            Map.entry("fulcrum.detect.alpha", "1.0E-6"),
            new AbstractMap.SimpleEntry<>("fulcrum.signing.secret", null));
  }

  @Test
  void readsTheValueAndFailsNamingTheKey() {
    RawConfig c =
        RawConfig.of(Map.of("fulcrum.window.size", "5s", "fulcrum.detect.min-window-count", "0"));
    assertThat(WINDOW.read(c)).isEqualTo(Duration.ofSeconds(5));
    assertThat(SECRET.read(c)).isEmpty();
    assertThatThrownBy(() -> COUNT.read(c))
        .isInstanceOf(ConfigException.class)
        .hasMessage("fulcrum.detect.min-window-count: must be >= 1, got 0");
    assertThat(WINDOW.invalid("too short").getMessage())
        .isEqualTo("fulcrum.window.size: too short");
  }

  @Test
  void namesTheEnvironmentVariableThatSetsIt() {
    assertThat(SECRET.envName()).isEqualTo("FULCRUM_SIGNING_SECRET");
    assertThat(COUNT.envName()).isEqualTo("FULCRUM_DETECT_MIN_WINDOW_COUNT");
  }

  @Test
  void aKeyDefinedTwiceIsAProgrammingError() {
    assertThatThrownBy(
            () -> Setting.defaults(List.of(WINDOW, Setting.duration("fulcrum.window.size", "5s"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fulcrum.window.size");
  }
}
