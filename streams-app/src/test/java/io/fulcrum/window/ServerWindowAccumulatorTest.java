package io.fulcrum.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerWindowAccumulatorTest {
  @Test
  void resetForgetsEverythingCountedSoThatItSumsLikeAFreshOne() {
    ServerWindowAccumulator reused = new ServerWindowAccumulator();
    reused.add(1_000L, 503, 900);
    reused.add(2_000L, 404, 5);
    reused.reset();
    assertThat(reused.isEmpty()).isTrue();
    assertThat(reused.sketch().count()).isZero();

    ServerWindowAccumulator fresh = new ServerWindowAccumulator();
    for (ServerWindowAccumulator a : new ServerWindowAccumulator[] {reused, fresh}) {
      a.add(1_500L, 200, 12);
      a.add(1_200L, 500, 40);
    }
    assertThat(reused.toStats("web", "web-1", 0L, 10_000L))
        .isEqualTo(fresh.toStats("web", "web-1", 0L, 10_000L));
    assertThat(fresh.isEmpty()).isFalse();
  }
}
