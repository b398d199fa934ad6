package io.fulcrum.remediate;

import static io.fulcrum.remediate.RemediationFixture.MINUTE;
import static io.fulcrum.remediate.RemediationFixture.T0;
import static io.fulcrum.remediate.RemediationFixture.approve;
import static io.fulcrum.remediate.RemediationFixture.closed;
import static io.fulcrum.remediate.RemediationFixture.decline;
import static io.fulcrum.remediate.RemediationFixture.timeline;
import static io.fulcrum.remediate.RemediationFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.distribution.ConfigTimeline;
import io.fulcrum.remediate.RemediationFixture.Driver;
import io.fulcrum.remediate.RemediationSettings.Mode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code fulcrum.remediation.mode}: approve proposes the rollback and waits for an operator; alert
 * never proposes; auto (the default) issues at once. The driver stores the state between inputs, so
 * everything here also survives a restart.
 */
class ApprovalModeTest {
  /**
   * v41 proven for an hour; v42, the bad change, at window 12; the incident decides at window 18's
   * close.
   */
  private static final ConfigTimeline V41_V42 =
      timeline("v41", T0 - 60 * MINUTE, "v42", window(12));

  private static final long PROPOSED_AT = closed(18);

  private static Driver proposed() {
    Driver d = new Driver(RemediationFixture.settings().withMode(Mode.APPROVE));
    d.healthy(0, 17, V41_V42);
    d.twoAnomalous(17, V41_V42);
    return d;
  }

  private static String id(Driver d) {
    return d.lastIncident().getIncidentId();
  }

  @Test
  void approveModeProposesTheRollbackInsteadOfIssuingIt() {
    Driver d = proposed();

    Incident i = d.lastIncident();
    assertThat(d.commands).isEmpty();
    assertThat(i.getState()).isEqualTo(IncidentState.AWAITING_APPROVAL);
    assertThat(i.getSuspectedVersion()).isEqualTo("v42");
    assertThat(i.getLastKnownGoodVersion()).isEqualTo("v41");
    assertThat(i.getApprovalExpiresAt()).isEqualTo(Instant.ofEpochMilli(PROPOSED_AT + 15 * MINUTE));
    assertThat(i.getSummary()).contains("awaiting approval to roll back to v41");
    assertThat(i.getTimeline())
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo(TimelineEventType.APPROVAL_REQUESTED);
              assertThat(e.getDescription())
                  .startsWith("approval requested: rollback v42 -> v41")
                  .contains("expires at");
            });
  }

  @Test
  void anApprovalIssuesOneSignedCommandToTheProposedTargetAndRecordsWhoAndWhen() {
    Driver d = proposed();
    long at = PROPOSED_AT + 30_000;

    d.approval(approve(id(d), "alice", at));

    assertThat(d.commands).hasSize(1);
    RollbackCommand c = d.lastCommand();
    assertThat(c.getFromVersion()).isEqualTo("v42");
    assertThat(c.getToVersion()).isEqualTo("v41");
    assertThat(c.getIssuedAt()).isEqualTo(Instant.ofEpochMilli(at));
    assertThat(RemediationFixture.settings().signer().verify(c).ok()).isTrue();
    Incident i = d.lastIncident();
    assertThat(i.getState()).isEqualTo(IncidentState.ROLLBACK_ISSUED);
    assertThat(i.getApprovalExpiresAt()).isNull();
    assertThat(i.getTimeline())
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo(TimelineEventType.APPROVED);
              assertThat(e.getAt()).isEqualTo(Instant.ofEpochMilli(at));
              assertThat(e.getDescription())
                  .isEqualTo("rollback v42 -> v41 approved by alice at 09:03:42 UTC");
            });
  }

  @Test
  void aSecondApprovalLikeADoubleClickOrASecondInstanceIssuesNothingMore() {
    Driver d = proposed();
    d.approval(approve(id(d), "alice", PROPOSED_AT + 30_000));

    RemediationOutput again = d.approval(approve(id(d), "alice", PROPOSED_AT + 30_500));
    d.approval(approve(id(d), "bob", PROPOSED_AT + 31_000));

    assertThat(again.command()).isEmpty();
    assertThat(d.commands).hasSize(1);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ROLLBACK_ISSUED);
    assertThat(d.lastIncident().getTimeline())
        .filteredOn(e -> e.getType() == TimelineEventType.APPROVAL_IGNORED)
        .extracting(e -> e.getDescription())
        .containsExactly(
            "approval by alice ignored: already approved by alice at 09:03:42 UTC",
            "approval by bob ignored: already approved by alice at 09:03:42 UTC");
  }

  @Test
  void aDeclineLeavesTheIncidentAlertOnlyWithTheReasonAndALaterApprovalIsIgnored() {
    Driver d = proposed();
    d.approval(decline(id(d), "bob", "v42 fixes a security issue", PROPOSED_AT + 60_000));

    assertThat(d.commands).isEmpty();
    Incident i = d.lastIncident();
    assertThat(i.getState()).isEqualTo(IncidentState.ALERT_ONLY);
    assertThat(i.getSummary()).contains("rollback declined by bob: v42 fixes a security issue");
    assertThat(i.getTimeline())
        .anySatisfy(
            e ->
                assertThat(e.getDescription())
                    .isEqualTo("rollback v42 -> v41 declined by bob: v42 fixes a security issue"));

    d.approval(approve(id(d), "alice", PROPOSED_AT + 90_000));
    assertThat(d.commands).isEmpty();
    assertThat(d.lastIncident().getTimeline())
        .last()
        .satisfies(
            e ->
                assertThat(e.getDescription())
                    .isEqualTo("approval by alice ignored: declined by bob at 09:04:12 UTC"));
  }

  @Test
  void aProposalNotAnsweredWithinTheTimeoutEscalatesAndALateApprovalIsIgnored() {
    Driver d = proposed();
    d.anomalous(19, 108, V41_V42); // the last closes 10 s before the 15 min are up
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.AWAITING_APPROVAL);

    d.window(RemediationFixture.anomalous(108, V41_V42)); // closes 15 min after the proposal

    Incident i = d.lastIncident();
    assertThat(i.getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(i.getEscalationReason()).isEqualTo("approval not given within 15 min");
    assertThat(i.getTimeline())
        .anySatisfy(e -> assertThat(e.getType()).isEqualTo(TimelineEventType.APPROVAL_EXPIRED));
    d.approval(approve(id(d), "alice", closed(108) + 1_000));
    assertThat(d.commands).isEmpty();
    assertThat(d.lastIncident().getTimeline())
        .last()
        .satisfies(
            e ->
                assertThat(e.getDescription())
                    .startsWith("approval by alice ignored: the proposal expired at"));
  }

  @Test
  void anApprovalGivenAfterTheTimeoutIsTooLateEvenBeforeTheNextWindowCloses() {
    Driver d = proposed();

    d.approval(approve(id(d), "alice", PROPOSED_AT + 15 * MINUTE + 1_000));

    assertThat(d.commands).isEmpty();
    Incident i = d.lastIncident();
    assertThat(i.getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(i.getEscalationReason()).isEqualTo("approval not given within 15 min");
    assertThat(i.getTimeline())
        .last()
        .satisfies(
            e ->
                assertThat(e.getDescription())
                    .startsWith("approval by alice ignored: the proposal expired at"));
  }

  @Test
  void theApprovalTimeoutIsASetting() {
    Driver d =
        new Driver(
            RemediationFixture.settings()
                .withMode(Mode.APPROVE)
                .withApprovalTimeout(java.time.Duration.ofMinutes(1)));
    d.healthy(0, 17, V41_V42);
    d.twoAnomalous(17, V41_V42);
    d.anomalous(19, 25, V41_V42);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ESCALATED);
    assertThat(d.lastIncident().getEscalationReason()).isEqualTo("approval not given within 1 min");
  }

  @Test
  void anApprovalForAnIncidentThatIsNotOpenChangesNothing() {
    Driver d = proposed();
    int published = d.incidents.size();

    RemediationOutput out =
        d.approval(approve("be_web@2026-03-14T08:00:00Z", "alice", PROPOSED_AT + 1_000));

    assertThat(out.isEmpty()).isTrue();
    assertThat(d.incidents).hasSize(published);
    assertThat(d.state().incident.getState()).isEqualTo(IncidentState.AWAITING_APPROVAL);
  }

  @Test
  void alertModeNeverProposesAndSaysWhy() {
    Driver d = new Driver(RemediationFixture.settings().withMode(Mode.ALERT));
    d.healthy(0, 17, V41_V42);
    d.twoAnomalous(17, V41_V42);

    assertThat(d.commands).isEmpty();
    Incident i = d.lastIncident();
    assertThat(i.getState()).isEqualTo(IncidentState.ALERT_ONLY);
    assertThat(i.getTimeline())
        .anySatisfy(e -> assertThat(e.getDescription()).contains("remediation mode is alert"));
    assertThat(i.getTimeline())
        .noneSatisfy(e -> assertThat(e.getType()).isEqualTo(TimelineEventType.APPROVAL_REQUESTED));
  }

  @Test
  void autoModeIssuesAtOnceAndIgnoresAnApprovalItDidNotAskFor() {
    Driver d = new Driver();
    d.healthy(0, 17, V41_V42);
    d.twoAnomalous(17, V41_V42);
    assertThat(d.commands).hasSize(1);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ROLLBACK_ISSUED);

    d.approval(approve(id(d), "alice", PROPOSED_AT + 1_000));

    assertThat(d.commands).hasSize(1);
    assertThat(d.lastIncident().getTimeline())
        .last()
        .satisfies(
            e ->
                assertThat(e.getDescription())
                    .isEqualTo(
                        "approval by alice ignored: no rollback awaits approval (state ROLLBACK_ISSUED)"));
  }

  @Test
  void aPoolThatRecoversBeforeAnyoneAnswersWithdrawsTheProposalSoALateApprovalRollsNothingBack() {
    ConfigTimeline revertedByHand =
        timeline("v41", T0 - 60 * MINUTE, "v42", window(12), "v41", window(19));
    Driver d = new Driver(RemediationFixture.settings().withMode(Mode.APPROVE));
    d.healthy(0, 17, revertedByHand);
    d.twoAnomalous(17, revertedByHand);
    String id = id(d);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.AWAITING_APPROVAL);

    d.healthy(19, 21, revertedByHand); // two healthy windows: recovered

    Incident i = d.lastIncident();
    assertThat(i.getState()).isEqualTo(IncidentState.ALERT_ONLY);
    assertThat(i.getRecoveredAt()).isNotNull();
    assertThat(i.getApprovalExpiresAt()).isNull();
    assertThat(i.getTimeline())
        .anySatisfy(
            e ->
                assertThat(e.getDescription())
                    .startsWith(
                        "proposal withdrawn: rollback v42 -> v41 is no longer needed, the pool is healthy again since"));
    d.approval(approve(id, "alice", closed(21) + 1_000));
    assertThat(d.commands).isEmpty();
  }

  @Test
  void aProposalStaysOpenWhileThePoolIsStillAnomalous() {
    Driver d = proposed();
    d.anomalous(19, 30, V41_V42);

    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.AWAITING_APPROVAL);
    d.approval(approve(id(d), "alice", closed(30) + 1_000));
    assertThat(d.commands).hasSize(1);
  }

  @Test
  void anApprovalAfterARestartWithTheKillSwitchOnIssuesNothingAndSaysWhy() {
    Driver before = proposed();
    Driver after =
        before.restartedWith(
            RemediationFixture.settings().withMode(Mode.APPROVE).withKillSwitch(true));

    after.approval(approve(id(before), "alice", PROPOSED_AT + 30_000));

    assertThat(after.commands).isEmpty();
    Incident i = after.lastIncident();
    assertThat(i.getState()).isEqualTo(IncidentState.ALERT_ONLY);
    assertThat(i.getTimeline())
        .anySatisfy(
            e ->
                assertThat(e.getDescription())
                    .isEqualTo("alert only: kill switch is on: rollback v42 -> v41 not issued"));
  }

  @Test
  void anApprovalAfterARestartInAlertModeIssuesNothing() {
    Driver before = proposed();
    Driver after = before.restartedWith(RemediationFixture.settings().withMode(Mode.ALERT));

    after.approval(approve(id(before), "alice", PROPOSED_AT + 30_000));

    assertThat(after.commands).isEmpty();
    assertThat(after.lastIncident().getTimeline())
        .anySatisfy(
            e ->
                assertThat(e.getDescription())
                    .isEqualTo(
                        "alert only: remediation mode is alert: rollback v42 -> v41 not issued"));
  }
}
