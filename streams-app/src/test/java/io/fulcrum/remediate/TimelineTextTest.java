package io.fulcrum.remediate;

import static io.fulcrum.remediate.RemediationFixture.MINUTE;
import static io.fulcrum.remediate.RemediationFixture.T0;
import static io.fulcrum.remediate.RemediationFixture.anomalous;
import static io.fulcrum.remediate.RemediationFixture.applied;
import static io.fulcrum.remediate.RemediationFixture.timeline;
import static io.fulcrum.remediate.RemediationFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.distribution.ConfigTimeline;
import io.fulcrum.remediate.RemediationFixture.Driver;
import org.junit.jupiter.api.Test;

class TimelineTextTest {
  @Test
  void aResolvedIncidentReadsLikeThePostmortemTimelines() {
    ConfigTimeline config = timeline("v41", T0 - 60 * MINUTE, "v42", window(12));
    Driver d = new Driver();
    d.healthy(0, 12, config);
    d.twoAnomalous(12, config);
    String commandId = d.lastCommand().getCommandId();
    d.result(applied(d.lastCommand()));
    d.window(anomalous(14, config));
    d.healthy(15, 17, config);

    assertThat(TimelineText.render(d.lastIncident()))
        .isEqualTo(
            """
        Incident be_web@2026-03-14T09:02:00Z on be_web (2026-03-14): RESOLVED
        be_web: web-1 got 99% of traffic (expected 25%) after config v42 was deployed at 09:02:00 UTC; \
        rolled back to v41, recovered 30 s after onset
        09:02:00 UTC - config v42 deployed by alice: deploy v42
        09:02:00 UTC - onset: first anomalous window on be_web
        09:02:12 UTC - IMBALANCE detected: web-1 got 99% of traffic (expected 25%)
        09:02:22 UTC - rollback issued: v42 -> v41 (last known good, healthy for 12 windows), command CMD
        09:02:22 UTC - actuator applied v41 in 0.8 s (haproxy)
        09:02:30 UTC - recovered: traffic and errors back to normal (2 healthy windows)
        09:02:52 UTC - RESOLVED: rollback to v41 fixed it (MTTD 12 s, MTTR 30 s)
        MTTD 12 s, MTTR 30 s
        """
                .replace("CMD", commandId));
  }

  @Test
  void anOpenIncidentSaysItHasNotRecoveredYet() {
    ConfigTimeline config = timeline("v41", T0 - 60 * MINUTE);
    Driver d = new Driver();
    d.healthy(0, 12, config);
    d.twoAnomalous(12, config);

    assertThat(TimelineText.render(d.lastIncident()))
        .contains(
            "09:02:22 UTC - IMBALANCE not explained by a config change: no change on be_web in the 10 min "
                + "before onset; no rollback\n")
        .endsWith("MTTD 12 s, MTTR - (not recovered yet)\n");
  }

  @Test
  void durationsUseThePostmortemsUnits() {
    assertThat(TimelineText.duration(800)).isEqualTo("0.8 s");
    assertThat(TimelineText.duration(12_000)).isEqualTo("12 s");
    assertThat(TimelineText.duration(41_300)).isEqualTo("41 s");
    assertThat(TimelineText.duration(250_000)).isEqualTo("4 min 10 s");
    assertThat(TimelineText.duration(600_000)).isEqualTo("10 min");
    assertThat(TimelineText.duration(2 * 3_600_000 + 5 * 60_000)).isEqualTo("2 h 5 min");
  }
}
