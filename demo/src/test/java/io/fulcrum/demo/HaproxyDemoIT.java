package io.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testkit.RequiredPrograms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo on a real HAProxy: its access log feeds Fulcrum, the actuator reloads it back to the good version. */
class HaproxyDemoIT {

  @BeforeAll
  static void haproxyInstalled() {
    RequiredPrograms.require("haproxy", "haproxy");
  }

  @Test
  void aRealHaproxyIsRolledBackFromItsOwnAccessLogAndStopsWithTheDemo() throws Exception {
    DemoRun run = DemoRun.play(DemoRun.fast("postmortem", LbMode.HAPROXY));

    StoryAssert.rolledBack(run, "be_web", "v42", "v41");
    assertThat(run.output()).contains("on the HAProxy ", "RESULT   APPLIED be_web v42 -> v41 by haproxy");
    assertThat(run.results().get(0).getBackend()).isEqualTo("haproxy");
    assertThat(run.configChanges()).as("the actuator's watcher found nothing unannounced: the script and the "
        + "rollback announced their own changes").extracting(c -> c.getAuthor()).doesNotContain("detected", "runtime");
    StoryAssert.nothingLeft(run);
  }
}
