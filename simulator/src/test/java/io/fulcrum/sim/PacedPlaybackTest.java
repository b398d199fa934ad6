package io.fulcrum.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacedPlaybackTest {
  private static final PacedPlayback.Sink NOWHERE =
      new PacedPlayback.Sink() {
        @Override
        public void request(SimRequest r) {}

        @Override
        public void configChange(SimConfigChange c) {}
      };

  @Test
  void closingWhileWaitingForTheNextEventKeepsThePlaybackThreadInterrupted() throws Exception {
    String name = "paced-playback-test-" + System.nanoTime();
    // The first event is an hour away: the playback thread waits for it.
    SimRun run = Scenarios.byName("all-to-one").events(System.currentTimeMillis() + 3_600_000, 1);
    PacedPlayback playback = new PacedPlayback(run, NOWHERE, name).start();
    Thread thread =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals(name))
            .findFirst()
            .orElseThrow();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> thread.getState() == Thread.State.TIMED_WAITING);

    playback.close();

    assertThat(thread.isAlive()).isFalse();
    assertThat(thread.isInterrupted())
        .as("the interrupt that stopped it is not swallowed")
        .isTrue();
    assertThat(playback.failure()).isNull();
  }
}
