package io.fulcrum.demo.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyKind;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.Evidence;
import io.fulcrum.avro.ExpectedSource;
import io.fulcrum.avro.Severity;
import io.fulcrum.demo.story.StoryState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveViewTest {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  final StoryState state = new StoryState(0);

  String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  static AnomalyEvent anomaly() {
    return AnomalyEvent.newBuilder()
        .setId("a1")
        .setKind(AnomalyKind.IMBALANCE)
        .setStatus(AnomalyStatus.STARTED)
        .setSeverity(Severity.CRITICAL)
        .setPool("be_web")
        .setServer(null)
        .setWindowStart(ViewRendererTest.T)
        .setWindowEnd(ViewRendererTest.T.plusSeconds(5))
        .setOnset(ViewRendererTest.T)
        .setDetectedAt(ViewRendererTest.T.plusSeconds(6))
        .setEvidence(
            Evidence.newBuilder()
                .setTest("G-test")
                .setStatistic(1)
                .setPValue(0)
                .setEffectSize(0.7)
                .setEffectMeasure("TVD")
                .setExpectedSource(ExpectedSource.BASELINE)
                .build())
        .setSuspectedCause(null)
        .setSummary("be_web: web-1 got 99% of traffic (expected 25%)")
        .build();
  }

  @Test
  void plainOutputAppendsEachWindowEventAndStatusChangeOnce() {
    String[] status = {"healthy traffic"};
    LiveView view = new LiveView(out, false, 100, "title", "subtitle", state, live -> status[0]);
    state.onWindow(ViewRendererTest.allToOne());
    view.refresh();
    view.refresh();
    state.onAnomaly(anomaly());
    status[0] = "incident under way";
    view.refresh();
    view.refresh();

    assertThat(printed().lines().toList())
        .containsExactly(
            "09:02:00 WINDOW   be_web v42 5xx 50% | web-1 ########## 100% | web-2 .......... 0%",
            "-- healthy traffic",
            "09:02:06  ANOMALY  IMBALANCE STARTED (CRITICAL): be_web: web-1 got 99% of traffic (expected 25%)",
            "-- incident under way");
  }

  @Test
  void plainStatusIsAskedForWithoutCountdowns() {
    List<Boolean> asked = new java.util.ArrayList<>();
    LiveView view =
        new LiveView(
            out,
            false,
            100,
            "t",
            "s",
            state,
            live -> {
              asked.add(live);
              return "x";
            });
    view.refresh();
    assertThat(asked).containsOnly(false);
  }

  @Test
  void terminalOutputRedrawsTheFrameInPlace() throws InterruptedException {
    LiveView view =
        new LiveView(out, true, 80, "title", "subtitle", state, live -> "status " + live);
    view.refresh();
    int firstFrame = printed().split("\n", -1).length - 1;
    view.refresh();
    String all = printed();

    assertThat(all).startsWith("\u001b[J\u001b[1mtitle\u001b[0m\n");
    assertThat(all).contains("\u001b[" + firstFrame + "F\u001b[J");
    assertThat(all).contains("status true");
    view.close();
    assertThat(printed()).endsWith("\u001b[?25h");
  }
}
