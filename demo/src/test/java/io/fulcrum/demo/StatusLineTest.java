package io.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.IncidentState;
import io.fulcrum.sim.Scenario;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusLineTest {
  static final long START = 1_773_478_875_000L; // 2026-03-14T09:01:15Z
  static final Duration BURST = Duration.ofSeconds(40);
  static final Duration LONG = Duration.ofSeconds(150);

  static Scenario retimed(String name) {
    return DemoTimeline.retime(DemoScenarios.byName(name).scenario(), 45_000, BURST, LONG);
  }

  @Test
  void beforeTheOnsetItCountsDownToTheBadDeploy() {
    StatusLine s = new StatusLine(retimed("postmortem"), START, false, () -> null);
    assertThat(s.text(START + 33_000, true))
        .isEqualTo(
            "healthy traffic while the baseline learns; config v42 goes live on be_web at 09:02:00 UTC (in 12 s)");
    assertThat(s.text(START + 33_000, false))
        .isEqualTo(
            "healthy traffic while the baseline learns; config v42 goes live on be_web at 09:02:00 UTC");
  }

  @Test
  void aDatabaseOutageIsAnnouncedAsFailingBackendsWithoutAChange() {
    StatusLine s = new StatusLine(retimed("database-outage"), START, false, () -> null);
    assertThat(s.trigger())
        .isEqualTo("be_web's backends start failing (40% 500s, no config change)");
    assertThat(s.text(START + 50_000, false))
        .isEqualTo("incident under way: watching Fulcrum detect and alert");
  }

  @Test
  void afterTheOnsetItSaysHowLongAndAtTheEndHowItEnded() {
    Outcome[] outcome = {null};
    StatusLine s = new StatusLine(retimed("postmortem"), START, true, () -> outcome[0]);
    assertThat(s.text(START + 52_500, true))
        .isEqualTo("incident under way for 8 s: watching Fulcrum detect, roll back and verify");
    outcome[0] =
        new Outcome(true, OutcomeTest.incident("be_web", IncidentState.RESOLVED, true), "resolved");
    assertThat(s.text(START + 90_000, false))
        .isEqualTo("story complete: resolved (MTTD 6 s, MTTR 20 s); still running, Ctrl-C to stop");
  }
}
