package io.fulcrum.remediate;

import static io.fulcrum.remediate.RemediationFixture.MINUTE;
import static io.fulcrum.remediate.RemediationFixture.T0;
import static io.fulcrum.remediate.RemediationFixture.anomalous;
import static io.fulcrum.remediate.RemediationFixture.applied;
import static io.fulcrum.remediate.RemediationFixture.healthy;
import static io.fulcrum.remediate.RemediationFixture.result;
import static io.fulcrum.remediate.RemediationFixture.timeline;
import static io.fulcrum.remediate.RemediationFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.distribution.ConfigTimeline;
import io.fulcrum.remediate.RemediationFixture.Driver;
import org.junit.jupiter.api.Test;

class ExactlyOnceTest {
  private static final ConfigTimeline V41_V42 =
      timeline("v41", T0 - 60 * MINUTE, "v42", window(12));

  private static Driver rolledBack() {
    Driver d = new Driver();
    d.healthy(0, 12, V41_V42);
    d.twoAnomalous(12, V41_V42);
    assertThat(d.commands).hasSize(1);
    return d;
  }

  @Test
  void aDuplicateOfTheDecidingWindowGivesNoSecondCommand() {
    Driver d = rolledBack();

    assertThat(d.window(anomalous(13, V41_V42)).isEmpty()).isTrue();
    assertThat(d.commands).hasSize(1);
    assertThat(d.incidents).hasSize(1);
  }

  @Test
  void replayedOlderWindowsChangeNothing() {
    Driver d = rolledBack();
    var before = d.state().toAvro();

    for (int n = 0; n < 14; n++) {
      assertThat(d.window(n < 12 ? healthy(n, V41_V42) : anomalous(n, V41_V42)).isEmpty()).isTrue();
    }

    assertThat(d.state().toAvro()).isEqualTo(before);
  }

  @Test
  void anAnomalyThatGoesOnAfterTheCommandGivesNoSecondCommand() {
    Driver d = rolledBack();
    d.result(applied(d.lastCommand()));
    d.anomalous(14, 60, V41_V42);

    assertThat(d.commands).hasSize(1);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ESCALATED);
  }

  @Test
  void reprocessingTheSameInputsFromScratchIssuesTheIdenticalCommand() {
    RollbackCommand first = rolledBack().lastCommand();
    RollbackCommand again = rolledBack().lastCommand();

    assertThat(again).isEqualTo(first);
    assertThat(again.getSignature()).isNotEmpty().isEqualTo(first.getSignature());
  }

  @Test
  void aDuplicateResultIsIgnored() {
    Driver d = rolledBack();
    RemediationResult ok = applied(d.lastCommand());
    assertThat(d.result(ok).incident().orElseThrow().getState()).isEqualTo(IncidentState.VERIFYING);

    assertThat(d.result(ok).isEmpty()).isTrue();
    assertThat(
            d.result(result(d.lastCommand(), RemediationOutcome.FAILED, 10, "late copy")).isEmpty())
        .isTrue();
    assertThat(d.incidents).hasSize(2);
    assertThat(d.state().openIncident().orElseThrow().getState())
        .isEqualTo(IncidentState.VERIFYING);
  }

  @Test
  void aResultForAnotherCommandOrWithoutAnIncidentIsIgnored() {
    Driver d = rolledBack();
    RemediationResult foreign =
        RemediationResult.newBuilder(applied(d.lastCommand())).setCommandId("other").build();

    assertThat(d.result(foreign).isEmpty()).isTrue();
    assertThat(d.state().openIncident().orElseThrow().getState())
        .isEqualTo(IncidentState.ROLLBACK_ISSUED);
    assertThat(new Driver().result(applied(d.lastCommand())).isEmpty()).isTrue();
  }
}
