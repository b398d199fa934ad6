package io.fulcrum.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineRunTest {
  @Test
  void sustainedRateIsTheSlopeBetweenTenAndNinetyPercentIgnoringStartUpAndTail() {
    long s = 1_000_000_000L;
    // 5 s of start-up with nothing processed, then 100 records/s, then an idle tail.
    List<long[]> samples =
        List.of(
            new long[] {0, 0},
            new long[] {5 * s, 0},
            new long[] {6 * s, 100},
            new long[] {10 * s, 500},
            new long[] {14 * s, 900},
            new long[] {15 * s, 1000},
            new long[] {30 * s, 1000});

    assertThat(PipelineRun.sustained(samples, 1000)).isEqualTo(100.0);
  }

  @Test
  void cpuPerRecordIsTakenOverTheSameStretchAsTheSustainedRate() {
    long s = 1_000_000_000L;
    // 2 s of CPU in start-up, then 1 ms of CPU per record.
    List<long[]> samples =
        List.of(
            new long[] {0, 0, 0},
            new long[] {5 * s, 0, 2 * s},
            new long[] {6 * s, 100, 2_100_000_000L},
            new long[] {14 * s, 900, 2_900_000_000L},
            new long[] {15 * s, 1000, 3 * s},
            new long[] {30 * s, 1000, 4 * s});

    assertThat(PipelineRun.cpuMicrosPerRecord(samples, 1000, 2)).isEqualTo(1000.0);
  }

  @Test
  void aRunFasterThanTheSamplingTakesTheSlopeFromTheSampleBefore() {
    long s = 1_000_000_000L;
    List<long[]> samples =
        List.of(new long[] {0, 0}, new long[] {2 * s, 0}, new long[] {3 * s, 1000});

    assertThat(PipelineRun.sustained(samples, 1000)).isEqualTo(1000.0);
  }

  @Test
  void sustainedRateIsUnknownWhenTheRunNeverGotThere() {
    assertThat(PipelineRun.sustained(List.of(new long[] {0, 0}, new long[] {1, 50}), 1000)).isNaN();
  }
}
