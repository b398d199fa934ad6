package io.fulcrum.remediate;

import static io.fulcrum.remediate.RemediationFixture.MINUTE;
import static io.fulcrum.remediate.RemediationFixture.T0;
import static io.fulcrum.remediate.RemediationFixture.errorSpike;
import static io.fulcrum.remediate.RemediationFixture.timeline;
import static io.fulcrum.remediate.RemediationFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.distribution.ConfigTimeline;
import io.fulcrum.remediate.RemediationFixture.Driver;
import org.junit.jupiter.api.Test;

/**
 * A change is the cause only if the harm starts while it is fresh: one that ran healthy for {@code
 * fulcrum.remediation.fresh-windows} windows (6 by default) has shown its effect.
 */
class FreshChangeTest {
  /** v41 proven for an hour; v42, harmless, at window 12. */
  private static final ConfigTimeline V41_V42 =
      timeline("v41", T0 - 60 * MINUTE, "v42", window(12));

  @Test
  void aDatabaseOutageTwoMinutesAfterAHarmlessDeployIsAlertOnlyWithTheReason() {
    Driver d = new Driver();
    d.healthy(0, 24, V41_V42); // v42 healthy for 12 windows
    d.window(RemediationFixture.anomalous(24, V41_V42, errorSpike()));
    d.window(RemediationFixture.anomalous(25, V41_V42, errorSpike()));
    d.window(RemediationFixture.anomalous(26, V41_V42, errorSpike()));

    assertThat(d.commands).isEmpty();
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ALERT_ONLY);
    assertThat(d.lastIncident().getSuspectedVersion()).isNull();
    assertThat(d.lastIncident().getTimeline())
        .anySatisfy(
            e ->
                assertThat(e.getDescription())
                    .contains(
                        "config v42 ran healthy for 2 min (12 windows) before onset; not the cause"));
    assertThat(d.incidents).as("decided once, not again at every window").hasSize(1);
  }

  @Test
  void aChangeThatRanHealthyForFewerWindowsThanTheFreshnessLimitIsStillTheSuspect() {
    Driver d = new Driver();
    d.healthy(0, 17, V41_V42); // v42 healthy for 5 windows
    d.twoAnomalous(17, V41_V42);

    RollbackCommand c = d.lastCommand();
    assertThat(c.getFromVersion()).isEqualTo("v42");
    assertThat(c.getToVersion()).isEqualTo("v41");
  }

  @Test
  void theFreshnessLimitIsASetting() {
    Driver d = new Driver(RemediationFixture.settings().withFreshWindows(20));
    d.healthy(0, 24, V41_V42);
    d.twoAnomalous(24, V41_V42);
    assertThat(d.lastCommand().getFromVersion()).isEqualTo("v42");
  }

  @Test
  void aBadChangeAnnouncedLateIsBlamedOnceKnownAndAnOlderProvenOneNeverIs() {
    // v42 went out at window 12 while fulcrum.config-changes could not be written: the windows only
    // know v41.
    ConfigTimeline known = timeline("v41", T0 - 60 * MINUTE);
    ConfigTimeline arrived = timeline("v41", T0 - 60 * MINUTE, "v42", window(12));
    Driver d = new Driver();
    d.healthy(0, 12, known);
    d.twoAnomalous(12, known);
    assertThat(d.commands).as("v41 ran healthy for an hour: not blamed").isEmpty();
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ALERT_ONLY);

    d.window(
        RemediationFixture.anomalous(
            14, arrived)); // the topic is back: v42, deployed at onset, arrives

    RollbackCommand c = d.lastCommand();
    assertThat(d.commands).hasSize(1);
    assertThat(c.getFromVersion()).isEqualTo("v42");
    assertThat(c.getToVersion()).isEqualTo("v41");
    assertThat(d.lastIncident().getSuspectedVersion()).isEqualTo("v42");
  }
}
