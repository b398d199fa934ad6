package io.fulcrum.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.guard.check.GuardSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardSettingsTest {
  @Test
  void defaultsAreTheIssuesThresholds() {
    GuardSettings s = GuardSettings.defaultSettings();
    assertThat(s.maxShareGrowth()).isEqualTo(1.5);
    assertThat(s.minShareGrowthPoints()).isEqualTo(10);
    assertThat(s.maxCapacityLoss()).isEqualTo(0.34);
    assertThat(s.blockBackupOnly()).isTrue();
    assertThat(s.blockSingleServer()).isTrue();
    assertThat(s.rehearsalRequests()).isEqualTo(400);
    assertThat(s.rehearsalTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void aBadValueOrUnknownKeyIsNamed() {
    assertThatThrownBy(() -> GuardSettings.from(Map.of("fulcrum.guard.max-capacity-loss", "2")))
        .hasMessage("fulcrum.guard.max-capacity-loss: must be between 0 and 1, got 2");
    assertThatThrownBy(() -> GuardSettings.from(Map.of("fulcrum.guard.block-single-server", "yes")))
        .hasMessageStartingWith("fulcrum.guard.block-single-server: must be true or false");
    assertThatThrownBy(() -> GuardSettings.from(Map.of("fulcrum.guard.rehearsal.timeout", "soon")))
        .hasMessageStartingWith("fulcrum.guard.rehearsal.timeout: 'soon' is not a duration");
    assertThatThrownBy(() -> GuardSettings.from(Map.of("fulcrum.guard.max-growth", "2")))
        .hasMessageStartingWith("fulcrum.guard.max-growth: unknown setting");
  }

  @Test
  void otherKeysAreNotItsBusiness() {
    assertThat(
            GuardSettings.from(
                    Map.of("bootstrap.servers", "x", "fulcrum.guard.max-share-growth", "3"))
                .maxShareGrowth())
        .isEqualTo(3);
  }
}
