package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.ConfigException;
import io.fulcrum.remediate.RemediationSettings.Mode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediationModeSettingsTest {
  private static final String SECRET = "a-signing-secret-0123456789";

  @Test
  void theModeIsAutoWithAFifteenMinuteApprovalTimeoutAndNoApproveTokenByDefault() {
    FulcrumSettings s = FulcrumSettings.load(null, Map.of("FULCRUM_SIGNING_SECRET", SECRET));
    assertThat(s.remediation().orElseThrow().mode()).isEqualTo(Mode.AUTO);
    assertThat(s.remediation().orElseThrow().approvalTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.api().approveToken()).isEmpty();
    assertThat(s.topics().approvals()).isEqualTo("fulcrum.approvals");
  }

  @Test
  void approveModeTimeoutAndTokenComeFromTheEnvironmentAndTheTokenIsNeverPrinted() {
    FulcrumSettings s =
        FulcrumSettings.load(
            null,
            Map.of(
                "FULCRUM_SIGNING_SECRET",
                SECRET,
                "FULCRUM_REMEDIATION_MODE",
                "Approve",
                "FULCRUM_REMEDIATION_APPROVAL_TIMEOUT",
                "5m",
                "FULCRUM_API_APPROVE_TOKEN",
                "s3cret-token"));
    assertThat(s.remediation().orElseThrow().mode()).isEqualTo(Mode.APPROVE);
    assertThat(s.remediation().orElseThrow().approvalTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.api().approveToken()).isEqualTo("s3cret-token");
    assertThat(s.api().toString()).doesNotContain("s3cret-token");
  }

  @Test
  void anUnknownModeFailsFastNamingTheKey() {
    assertThatThrownBy(
            () ->
                FulcrumSettings.load(
                    null,
                    Map.of("FULCRUM_SIGNING_SECRET", SECRET, "FULCRUM_REMEDIATION_MODE", "yolo")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("fulcrum.remediation.mode:")
        .hasMessageContaining("auto, approve or alert");
  }
}
