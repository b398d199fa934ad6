package io.fulcrum.remediate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemediationSettingsTest {
  private static final String SECRET = "test-secret-0123456789";

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    RemediationSettings s = RemediationSettings.defaults(SECRET);

    assertThat(s.persistenceWindows()).isEqualTo(2);
    assertThat(s.lookback()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.minHealthyWindows()).isEqualTo(3);
    assertThat(s.cooldown()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.maxRollbacksPerHour()).isEqualTo(2);
    assertThat(s.dryRun()).isFalse();
    assertThat(s.killSwitch()).isFalse();
    assertThat(s.verificationWindows()).isEqualTo(6);
    assertThat(s.recoveryWindows()).isEqualTo(2);
    assertThat(s.allowAutomaticSecondRollback()).isFalse();
    assertThat(s.keyId()).isEqualTo("default");
  }

  @Test
  void theSecretNeverAppearsInToString() {
    assertThat(RemediationSettings.defaults(SECRET).toString())
        .doesNotContain(SECRET)
        .contains("secret=***");
  }

  @Test
  void inconsistentOrWeakSettingsAreRejected() {
    assertThatThrownBy(() -> RemediationSettings.defaults("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes");
    assertThatThrownBy(() -> RemediationSettings.defaults(SECRET).withPersistenceWindows(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new RemediationSettings(
                    2,
                    Duration.ofMinutes(10),
                    3,
                    6,
                    Duration.ofMinutes(10),
                    2,
                    false,
                    false,
                    1,
                    2,
                    false,
                    "default",
                    SECRET,
                    RemediationSettings.Mode.AUTO,
                    Duration.ofMinutes(15)))
        .hasMessageContaining("verificationWindows");
    assertThatThrownBy(
            () -> RemediationSettings.defaults(SECRET).withCooldown(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
