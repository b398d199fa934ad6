package io.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.demo.story.Story;
import io.fulcrum.sim.Expectation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTest {
  static final Instant T = Instant.parse("2026-03-14T09:02:00Z");
  static final Expectation ROLLBACK =
      Expectation.rollback("be_web", 45_000, "v42", "v41", "IMBALANCE");
  static final Expectation ALERT = Expectation.alertOnly("be_web", 45_000, "ERROR_SPIKE");

  static Incident incident(String pool, IncidentState state, boolean recovered) {
    return Incident.newBuilder()
        .setIncidentId(pool + "@" + T)
        .setPool(pool)
        .setState(state)
        .setKinds(List.of())
        .setSummary(pool + ": summary")
        .setOnsetAt(T)
        .setDetectedAt(T.plusSeconds(6))
        .setLastKnownGoodVersion("v41")
        .setRecoveredAt(recovered ? T.plusSeconds(20) : null)
        .setMttdMs(6000L)
        .setMttrMs(recovered ? 20_000L : null)
        .setEscalationReason(state == IncidentState.ESCALATED ? "no result" : null)
        .setUpdatedAt(T.plusSeconds(30))
        .setTimeline(List.of())
        .build();
  }

  static Story story(Incident... incidents) {
    return new Story(List.of(), List.of(), List.of(incidents), 0, 0, 0);
  }

  @Test
  void aRollbackStoryEndsWhenTheIncidentIsResolved() {
    assertThat(Outcome.judge(story(), ROLLBACK)).isNull();
    assertThat(Outcome.judge(story(incident("be_web", IncidentState.VERIFYING, false)), ROLLBACK))
        .isNull();
    Outcome done = Outcome.judge(story(incident("be_web", IncidentState.RESOLVED, true)), ROLLBACK);
    assertThat(done.ok()).isTrue();
    assertThat(done.message()).isEqualTo("resolved by rolling back to v41");
  }

  @Test
  void anEscalationOrAClosedAlertIsOffScriptForARollbackStory() {
    Outcome escalated =
        Outcome.judge(story(incident("be_web", IncidentState.ESCALATED, false)), ROLLBACK);
    assertThat(escalated.ok()).isFalse();
    assertThat(escalated.message()).contains("escalated").contains("no result");
    assertThat(
            Outcome.judge(story(incident("be_web", IncidentState.ALERT_ONLY, true)), ROLLBACK).ok())
        .isFalse();
    // Alert only while the config change is not known yet: the policy decides again once it is.
    assertThat(Outcome.judge(story(incident("be_web", IncidentState.ALERT_ONLY, false)), ROLLBACK))
        .isNull();
  }

  @Test
  void anAlertOnlyStoryEndsWhenTheAlertCloses() {
    assertThat(Outcome.judge(story(incident("be_web", IncidentState.ALERT_ONLY, false)), ALERT))
        .isNull();
    assertThat(Outcome.judge(story(incident("be_web", IncidentState.ALERT_ONLY, true)), ALERT).ok())
        .isTrue();
    assertThat(
            Outcome.judge(story(incident("be_web", IncidentState.ROLLBACK_ISSUED, false)), ALERT)
                .ok())
        .isFalse();
  }

  @Test
  void onlyTheBrokenPoolsLatestIncidentCounts() {
    assertThat(Outcome.judge(story(incident("be_api", IncidentState.RESOLVED, true)), ROLLBACK))
        .isNull();
    Story two =
        story(
            incident("be_web", IncidentState.ESCALATED, false),
            incident("be_web", IncidentState.RESOLVED, true));
    assertThat(Outcome.judge(two, ROLLBACK).ok()).isTrue();
  }
}
