package io.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoConfigTest {
  final DemoConfig defaults = DemoConfig.defaults(DemoScenarios.byName("postmortem"));

  @Test
  void defaultsTellTheStoryWithFiveSecondWindowsAndAutoLb() {
    assertThat(defaults.lb()).isEqualTo(LbMode.AUTO);
    assertThat(defaults.window()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.duration()).isEqualTo(Duration.ofSeconds(150));
    assertThat(defaults.ansi()).isFalse();
  }

  @Test
  void aDurationTooShortForTheStoryIsRefusedWithTheReason() {
    assertThatThrownBy(() -> defaults.withDuration(Duration.ofSeconds(30)))
        .hasMessageStartingWith("--duration 30s is too short: the incident starts after 45s");
  }

  @Test
  void aHealthyLeadShorterThanTheWarmUpIsRefused() {
    assertThatThrownBy(
            () ->
                defaults.withTimeline(
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(10)))
        .hasMessageContaining("at least 8 windows");
  }

  @Test
  void lbModesParseCaseInsensitivelyAndABadOneNamesTheOption() {
    assertThat(LbMode.parse("HAProxy")).isEqualTo(LbMode.HAPROXY);
    assertThat(LbMode.parse(" simulated ")).isEqualTo(LbMode.SIMULATED);
    assertThatThrownBy(() -> LbMode.parse("nginx"))
        .hasMessage("--lb: 'nginx' is not one of auto, haproxy, simulated");
  }

  @Test
  void theSimulatedLbNeedsNoHaproxy() {
    assertThat(LoadBalancers.resolve(LbMode.SIMULATED)).isEqualTo(LbMode.SIMULATED);
    assertThat(LoadBalancers.resolve(LbMode.AUTO))
        .isEqualTo(LoadBalancers.haproxyOnPath().isPresent() ? LbMode.HAPROXY : LbMode.SIMULATED);
  }

  @Test
  void streamsSettingsUseTheDemoWindowsOnePartitionAndTheSharedSecret() {
    var s =
        DemoSettings.streamsSettings(
            "localhost:9092",
            "mock://demo",
            java.nio.file.Path.of("/tmp/x"),
            "0123456789abcdef0123",
            defaults,
            LbMode.SIMULATED);
    assertThat(s.windowSize()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.grace()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.poolPartitions()).isEqualTo(1);
    assertThat(s.remediation().orElseThrow().secret()).isEqualTo("0123456789abcdef0123");
    assertThat(s.kafka()).containsEntry("processing.guarantee", "exactly_once_v2");
    assertThat(DemoSettings.newSigningSecret())
        .hasSizeGreaterThanOrEqualTo(32)
        .isNotEqualTo(DemoSettings.newSigningSecret());
  }
}
