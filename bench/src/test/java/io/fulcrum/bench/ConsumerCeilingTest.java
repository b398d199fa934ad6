package io.fulcrum.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerCeilingTest {
  @Test
  void readsTheFetchRateFromConsumerPerformancesSummaryEvenWithLogLinesAround() throws IOException {
    ConsumerCeiling.Result r =
        ConsumerCeiling.parse(
            List.of(
                "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec",
                "[2026-11-21 09:10:00,000] WARN something unrelated",
                "2026-11-21 09:10:00:000, 2026-11-21 09:10:05:000, 190.7349, 38.1470, 5000000, 1000000.0000, 1500, 3500, 54.4957, 1428571.4286"),
            Path.of("out.txt"));

    assertThat(r.records()).isEqualTo(5_000_000);
    assertThat(r.recordsPerSecond()).isEqualTo(1_000_000.0);
    assertThat(r.fetchRecordsPerSecond()).isEqualTo(1_428_571.4286);
  }

  @Test
  void failsNamingTheOutputWhenThereIsNoSummary() {
    assertThatThrownBy(
            () -> ConsumerCeiling.parse(List.of("WARN timed out"), Path.of("/tmp/perf.txt")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/tmp/perf.txt");
  }
}
