package io.fulcrum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.ApprovalVerdict;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.TimelineEntry;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.sim.Scenarios;
import io.fulcrum.sim.SimRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Approve mode through the whole topology: the decision goes in on {@code fulcrum.approvals} keyed
 * by incident id, is re-keyed by pool and meets the pool's windows in the remediation step, which
 * makes the first approval the only one that issues a command.
 */
class ApprovalTopologyTest {

  private record Run(List<Incident> incidents, List<RollbackCommand> commands) {
    Incident last() {
      return incidents.get(incidents.size() - 1);
    }
  }

  /**
   * Plays all-to-one in approve mode and pipes {@code copies} identical answers once the proposal
   * is out.
   */
  private static Run play(ApprovalVerdict verdict, int copies) {
    FulcrumSettings s = ClosedLoop.settings("fulcrum.remediation.mode", "approve");
    List<Incident> incidents = new ArrayList<>();
    List<RollbackCommand> commands = new ArrayList<>();
    boolean[] answered = {false};
    try (ReplayDriver driver = new ReplayDriver(s)) {
      SimRun run = Scenarios.byName("all-to-one").events(ClosedLoop.START, 7, 1.0);
      SimFeeder.play(
          run,
          driver,
          SimFeeder.Input.AVRO,
          e -> {
            incidents.addAll(driver.incidents());
            Optional<Incident> awaiting =
                incidents.stream()
                    .filter(i -> i.getState() == IncidentState.AWAITING_APPROVAL)
                    .findFirst();
            if (!answered[0] && awaiting.isPresent()) {
              answered[0] = true;
              Incident i = awaiting.get();
              ApprovalDecision d =
                  ApprovalDecision.newBuilder()
                      .setIncidentId(i.getIncidentId())
                      .setPool(i.getPool())
                      .setDecision(verdict)
                      .setBy("alice")
                      .setReason(verdict == ApprovalVerdict.DECLINE ? "not now" : null)
                      .setAt(i.getUpdatedAt().plusSeconds(5))
                      .setRequestId("req-1")
                      .build();
              for (int n = 0; n < copies; n++) {
                driver.approval(d); // a double click, or the same answer sent to two instances
              }
            }
            commands.addAll(driver.commands());
          });
      driver.finish();
      incidents.addAll(driver.incidents());
      commands.addAll(driver.commands());
    }
    return new Run(incidents, commands);
  }

  @Test
  void anApprovalPipedTwiceIssuesExactlyOneSignedCommandToTheProposedTarget() {
    Run r = play(ApprovalVerdict.APPROVE, 2);

    assertThat(r.commands())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getFromVersion()).isEqualTo("v42");
              assertThat(c.getToVersion()).isEqualTo("v41");
              assertThat(c.getSignature()).isNotBlank();
            });
    assertThat(r.incidents().stream().map(Incident::getState).distinct().toList())
        .containsSubsequence(IncidentState.AWAITING_APPROVAL, IncidentState.ROLLBACK_ISSUED);
    List<TimelineEventType> types =
        r.last().getTimeline().stream().map(TimelineEntry::getType).toList();
    assertThat(types)
        .containsSubsequence(
            TimelineEventType.APPROVAL_REQUESTED,
            TimelineEventType.APPROVED,
            TimelineEventType.APPROVAL_IGNORED);
    assertThat(types).containsOnlyOnce(TimelineEventType.ROLLBACK_ISSUED);
  }

  @Test
  void aDeclineThroughTheTopologyIssuesNoCommand() {
    Run r = play(ApprovalVerdict.DECLINE, 1);

    assertThat(r.commands()).isEmpty();
    assertThat(r.incidents().stream().map(Incident::getState).distinct().toList())
        .containsSubsequence(IncidentState.AWAITING_APPROVAL, IncidentState.ALERT_ONLY);
    assertThat(r.last().getTimeline())
        .anySatisfy(
            e ->
                assertThat(e.getDescription())
                    .isEqualTo("rollback v42 -> v41 declined by alice: not now"));
  }
}
