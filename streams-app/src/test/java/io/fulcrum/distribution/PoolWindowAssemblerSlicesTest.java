package io.fulcrum.distribution;

import static io.fulcrum.distribution.AssemblerFixture.T0;
import static io.fulcrum.distribution.AssemblerFixture.WINDOW_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.window.Slices;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * Slices are summed over the input tasks and closed when event time passes their end, apart from
 * the windows; when event time jumps (a catch-up, the start-up hold), windows and slices come out
 * in the order they close, so the fast path sees what the windows before its slices taught the
 * baseline.
 */
class PoolWindowAssemblerSlicesTest {
  private static final String POOL = "be_web";
  private final AssemblerFixture f =
      new AssemblerFixture(Duration.ofMinutes(10), Duration.ofHours(1));

  private void slice(String server, long start, long count) {
    f.deliver(
        new Record<>(
            POOL, Slices.stats(POOL, server, start, start + 1_000, count, 0), start + 1_000));
  }

  @Test
  void aSliceIsSummedOverTheInputTasksAndClosedOnceEventTimePassesItsEnd() {
    f.watermark(AssemblerFixture.SOURCE, T0);
    slice("web-1", T0, 3);
    slice("web-1", T0, 4);
    slice("web-2", T0, 5);
    assertThat(f.takeClosed()).isEmpty();

    f.watermark(AssemblerFixture.SOURCE, T0 + 1_000);
    List<Record<String, ClosedWindow>> closed = f.takeClosed();
    assertThat(closed)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.value().slice()).isTrue();
              assertThat(r.value().observation().server("web-1").count()).isEqualTo(7);
              assertThat(r.value().observation().server("web-2").count()).isEqualTo(5);
              assertThat(r.timestamp()).isEqualTo(T0 + 1_000);
            });
  }

  @Test
  void afterAJumpTheWindowsBeforeASliceComeOutBeforeIt() {
    f.watermark(AssemblerFixture.SOURCE, T0);
    f.send(POOL, "web-1", T0, 100, T0);
    long sliceStart =
        T0 + WINDOW_MS + 4_000; // a slice of the next window, after the first window closes
    slice("web-1", sliceStart, 50);

    f.watermark(AssemblerFixture.SOURCE, T0 + 3 * WINDOW_MS); // one jump past both
    List<Record<String, ClosedWindow>> closed = f.takeClosed();
    assertThat(closed).extracting(r -> r.value().slice()).startsWith(false, true);
    assertThat(closed.get(0).value().windowStart()).isEqualTo(T0);
    assertThat(closed.get(1).value().windowStart()).isEqualTo(sliceStart);
  }

  @Test
  void aSliceThatEndedBeforeEventTimeIsNotKept() {
    f.watermark(AssemblerFixture.SOURCE, T0 + 5_000);
    slice("web-1", T0 + 3_000, 9);
    f.watermark(AssemblerFixture.SOURCE, T0 + 6_000);
    assertThat(f.takeClosed()).isEmpty();
  }
}
