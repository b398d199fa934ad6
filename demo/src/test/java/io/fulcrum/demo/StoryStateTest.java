package io.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.demo.story.Story;
import io.fulcrum.demo.story.StoryEvent;
import io.fulcrum.demo.story.StoryLines;
import io.fulcrum.demo.story.StoryState;
import org.junit.jupiter.api.Test;

class StoryStateTest {
  final StoryState state = new StoryState(OutcomeTest.T.toEpochMilli());

  @Test
  void anIncidentUpdateIsAStoryLineOnlyWhenItsStateChangesOrItCloses() {
    Incident open = OutcomeTest.incident("be_web", IncidentState.ALERT_ONLY, false);
    state.onIncident(open);
    state.onIncident(Incident.newBuilder(open).setSummary("updated").build());
    state.onIncident(OutcomeTest.incident("be_web", IncidentState.ALERT_ONLY, true));
    state.onIncident(OutcomeTest.incident("be_web", IncidentState.RESOLVED, true));

    Story s = state.snapshot();
    assertThat(s.events())
        .extracting(StoryEvent::text)
        .containsExactly(
            "ALERT_ONLY: be_web: summary",
            "ALERT_ONLY: be_web: summary",
            "RESOLVED: be_web: summary");
    assertThat(s.incidents()).hasSize(1);
    assertThat(s.latestIncident("be_web").orElseThrow().getState())
        .isEqualTo(IncidentState.RESOLVED);
  }

  @Test
  void configChangesReadAsLiveSinceDeployedOrRestored() {
    long start = OutcomeTest.T.toEpochMilli();
    state.onConfigChange(change(start - 3_600_000, "v41", null));
    state.onConfigChange(change(start + 45_000, "v42", null));
    state.onConfigChange(change(start + 60_000, "v41", StoryLines.ACTUATOR_AUTHOR));
    assertThat(state.snapshot().events())
        .extracting(StoryEvent::text)
        .containsExactly(
            "config v41 live on be_web since 08:02:00 UTC: d",
            "config v42 deployed on be_web: d",
            "config v41 restored on be_web by the actuator: d");
  }

  @Test
  void awaitReturnsTheFirstAnswerOrNullAtTheDeadline() throws InterruptedException {
    java.util.function.Function<Story, String> seen = s -> s.windowsSeen() > 0 ? "seen" : null;
    String before = state.await(seen, System.currentTimeMillis() + 50);
    state.onWindow(io.fulcrum.demo.view.ViewRendererTest.allToOne());
    String after = state.await(seen, System.currentTimeMillis() + 50);
    assertThat(before).isNull();
    assertThat(after).isEqualTo("seen");
  }

  static LbConfigChange change(long at, String version, String author) {
    return LbConfigChange.newBuilder()
        .setTimestamp(java.time.Instant.ofEpochMilli(at))
        .setPool("be_web")
        .setVersion(version)
        .setServers(null)
        .setAuthor(author)
        .setDescription("d")
        .build();
  }
}
