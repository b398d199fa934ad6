package io.fulcrum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.DeadLetterHandler;
import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyKind;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.Scenarios;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Wiring of the whole topology: inputs, dead letters, idle close, dashboards and metrics. */
class PipelineTopologyTest {
  private static final long START = 1_781_000_000_000L;

  private static ReplayDriver driver() {
    return new ReplayDriver(FulcrumSettings.defaultsWith(Map.of()));
  }

  @ParameterizedTest
  @EnumSource(
      value = SimFeeder.Input.class,
      names = {"HAPROXY", "NGINX"})
  void detectsTheAllToOneIncidentFromRawLogLines(SimFeeder.Input input) {
    Scenario s = Scenarios.byName("all-to-one");
    try (ReplayDriver d = driver()) {
      SimFeeder.play(s.events(START, 5), d, input);
      List<AnomalyEvent> anomalies = d.anomalies();
      assertThat(anomalies)
          .anyMatch(
              a ->
                  a.getKind() == AnomalyKind.IMBALANCE
                      && a.getStatus() == AnomalyStatus.STARTED
                      && a.getSuspectedCause() != null
                      && a.getSuspectedCause().getVersion().equals("v42"));
      assertThat(d.deadLetters()).isEmpty();
    }
  }

  @Test
  void sendsMalformedLinesToTheDeadLetterTopicWithTheReasonAndKeepsGoing() {
    try (ReplayDriver d = driver()) {
      d.line("this is not an access log line", START);
      d.line(
          "10.0.1.2:33317 [14/Mar/2026:09:00:00.000] http-in be_web/web-1 0/0/1/41/42 2x0 2750 - - ----",
          START);
      d.rawRequest("{\"pool\":\"be_web\"}".getBytes(StandardCharsets.UTF_8));
      feedEvenTraffic(d, START, 60, 4, 20);

      List<TestRecord<byte[], byte[]>> dead = d.deadLetters();
      assertThat(dead).hasSize(3);
      assertThat(reason(dead.get(0))).startsWith("haproxy:");
      assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8))
          .isEqualTo("this is not an access log line");
      assertThat(reason(dead.get(1))).contains("status").contains("2x0");
      assertThat(reason(dead.get(2))).contains("magic byte");
      assertThat(dead.get(2).headers().lastHeader("__streams.errors.topic")).isNotNull();
      assertThat(d.poolWindows())
          .as("valid traffic after the bad records is still processed")
          .isNotEmpty();
      assertThat(d.metrics().registry().counter("fulcrum.parse.failures").count()).isEqualTo(2.0);
    }
  }

  @Test
  void publishesEveryMemberInEachPoolWindowEvenWithoutTraffic() {
    try (ReplayDriver d = driver()) {
      feedEvenTraffic(d, START, 30, 4, 10);
      // web-4 stops receiving anything for 30 s: it must still be listed, with zero requests.
      feedEvenTraffic(d, START + 30_000, 30, 3, 10);
      List<PoolWindow> windows = d.poolWindows();
      PoolWindow last = windows.get(windows.size() - 1);
      assertThat(last.getServers())
          .extracting(s -> s.getServer())
          .containsExactly("web-1", "web-2", "web-3", "web-4");
      assertThat(last.getServers().get(3).getCount()).isZero();
      assertThat(last.getServers().get(0).getShare())
          .isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(0.01));
      assertThat(
              d.metrics()
                  .registry()
                  .find("fulcrum.pool.share")
                  .tag("pool", "be_web")
                  .tag("server", "web-4")
                  .gauge()
                  .value())
          .isZero();
    }
  }

  @Test
  void flagsAPoolThatGoesSilentWhenAllInputStopsUsingTheWallClock() {
    try (ReplayDriver d = driver()) {
      feedEvenTraffic(d, START, 180, 4, 20);
      assertThat(d.anomalies()).isEmpty();
      for (int s = 0; s < 60; s++) {
        d.advanceWallClock(Duration.ofSeconds(1));
      }
      List<AnomalyEvent> anomalies = d.anomalies();
      assertThat(anomalies)
          .anyMatch(
              a ->
                  a.getKind() == AnomalyKind.POOL_SILENT && a.getStatus() == AnomalyStatus.STARTED);
      assertThat(d.poolWindows())
          .anyMatch(w -> w.getTotalCount() == 0 && w.getServers().size() == 4);
    }
  }

  @Test
  void countsRecordsInByInput() {
    try (ReplayDriver d = driver()) {
      feedEvenTraffic(d, START, 5, 2, 10);
      d.line(
          "10.0.1.2:33317 [14/Mar/2026:09:00:00.000] http-in be_web/web-1 0/0/1/41/42 200 2750 - - ----",
          START);
      assertThat(d.metrics().registry().counter("fulcrum.records.in", "input", "requests").count())
          .isEqualTo(100.0);
      assertThat(
              d.metrics().registry().counter("fulcrum.records.in", "input", "access-logs").count())
          .isEqualTo(1.0);
    }
  }

  /**
   * {@code perServerPerSecond} requests to each of web-1..web-N, every second for {@code seconds}.
   */
  private static void feedEvenTraffic(
      ReplayDriver d, long from, int seconds, int servers, int perServerPerSecond) {
    for (int sec = 0; sec < seconds; sec++) {
      for (int i = 0; i < perServerPerSecond; i++) {
        for (int s = 1; s <= servers; s++) {
          long ts = from + sec * 1000L + i * (1000L / perServerPerSecond);
          d.request(
              RequestEvent.newBuilder()
                  .setTimestamp(Instant.ofEpochMilli(ts))
                  .setPool("be_web")
                  .setServer("web-" + s)
                  .setStatus(200)
                  .setLatencyMs(40 + (i % 7))
                  .build());
        }
      }
    }
  }

  private static String reason(TestRecord<byte[], byte[]> r) {
    Header h = r.headers().lastHeader(DeadLetterHandler.REASON_HEADER);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
