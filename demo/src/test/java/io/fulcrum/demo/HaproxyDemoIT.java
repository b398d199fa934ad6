package io.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.testkit.RequiredPrograms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo on a real HAProxy: its access log feeds Fulcrum, the actuator reloads it back to the
 * good version.
 */
class HaproxyDemoIT {

  @BeforeAll
  static void haproxyInstalled() {
    RequiredPrograms.require("haproxy", "haproxy");
  }

  @Test
  void aRealHaproxyIsRolledBackFromItsOwnAccessLogAndStopsWithTheDemo() throws Exception {
    DemoRun run = DemoRun.play(DemoRun.fast("postmortem", LbMode.HAPROXY));

    StoryAssert.rolledBack(run, "be_web", "v42", "v41");
    assertThat(run.output())
        .contains("on the HAProxy ", "RESULT   APPLIED be_web v42 -> v41 by haproxy");
    assertThat(run.results().get(0).getBackend()).isEqualTo("haproxy");
    assertThat(run.configChanges())
        .as(
            "the actuator's watcher found nothing unannounced: the script and the "
                + "rollback announced their own changes")
        .extracting(c -> c.getAuthor())
        .doesNotContain("detected", "runtime");
    StoryAssert.nothingLeft(run);
  }

  @Test
  void aBadDeployForcedPastTheGuardIsBlamedFromTheDeploysOwnAnnouncementAndRolledBack()
      throws Exception {
    DemoRun run = DemoRun.play(DemoRun.fast("postmortem", LbMode.HAPROXY).withGuardedDeploys(true));

    LbConfigChange forced =
        run.configChanges().stream()
            .filter(c -> c.getVersion().equals("v42"))
            .findFirst()
            .orElseThrow();
    assertThat(forced.getAuthor()).isEqualTo("demo-deploy-tool");
    assertThat(forced.getGuardVerdict()).isEqualTo("BLOCK");
    assertThat(forced.getForcedReason()).isNotBlank();
    assertThat(forced.getDescription()).contains("FORCED past the guard");
    // the weights parsed from the typo config itself: they must not make the incident look intended
    assertThat(forced.getServers().entrySet())
        .filteredOn(e -> e.getValue() > 0)
        .extracting(e -> e.getKey())
        .containsExactly("web-1");
    StoryAssert.rolledBack(run, "be_web", "v42", "v41");
    assertThat(run.anomalies())
        .filteredOn(a -> a.getStatus() == AnomalyStatus.STARTED)
        .first()
        .satisfies(a -> assertThat(a.getSummary()).contains("config v42"));
    StoryAssert.nothingLeft(run);
  }
}
