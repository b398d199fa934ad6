package io.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.demo.story.StoryLines;
import org.junit.jupiter.api.Test;

/**
 * The demo end to end on the simulated load balancer: embedded broker, Streams app, actuator,
 * topics.
 */
class DemoIT {

  @Test
  void thePoolTypoIsDetectedRolledBackByTheActuatorAndResolved() throws Exception {
    DemoRun run = DemoRun.play(DemoRun.fast("postmortem", LbMode.SIMULATED));

    StoryAssert.rolledBack(run, "be_web", "v42", "v41");
    assertThat(run.configChanges())
        .anyMatch(
            c -> c.getVersion().equals("v41") && StoryLines.ACTUATOR_AUTHOR.equals(c.getAuthor()));
    assertThat(run.output())
        .contains(
            "ANOMALY  IMBALANCE STARTED",
            "COMMAND  rollback be_web v42 -> v41",
            "RESULT   APPLIED be_web v42 -> v41 by simulated-lb")
        .doesNotContain("\u001b[");
    StoryAssert.nothingLeft(run);
  }

  @Test
  void aDatabaseOutageIsAnAlertWithoutARollback() throws Exception {
    DemoRun run = DemoRun.play(DemoRun.fast("database-outage", LbMode.SIMULATED));

    StoryAssert.alertedOnly(run, "be_web");
    StoryAssert.nothingLeft(run);
  }
}
