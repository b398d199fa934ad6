package io.fulcrum.anomaly;

import static io.fulcrum.anomaly.AnomalyFixture.GRACE_MS;
import static io.fulcrum.anomaly.AnomalyFixture.POOL;
import static io.fulcrum.anomaly.AnomalyFixture.closedWindow;
import static io.fulcrum.anomaly.AnomalyFixture.finding;
import static io.fulcrum.anomaly.AnomalyFixture.imbalance;
import static io.fulcrum.anomaly.AnomalyFixture.timeline;
import static io.fulcrum.anomaly.AnomalyFixture.verdict;
import static io.fulcrum.anomaly.AnomalyFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.internal.AnomalyTrackers;
import io.fulcrum.detect.AnomalyKind;
import io.fulcrum.detect.Finding;
import io.fulcrum.detect.Severity;
import io.fulcrum.distribution.ConfigTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnomalyTrackerProcessorTest {
  private static final int UPDATE_EVERY = 3;
  private static final int CLEAR_AFTER = 2;
  private static final Duration LOOKBACK = Duration.ofMinutes(10);

  private MockProcessorContext<String, AnomalyEvent> context;
  private KeyValueStore<String, AnomalyTrackers> store;
  private AnomalyTrackerProcessor processor;
  private final List<AnomalyEvent> counted = new ArrayList<>();
  private ConfigTimeline config = timeline();

  @BeforeEach
  void setUp() {
    context = new MockProcessorContext<>();
    store = AnomalyFixture.trackersStore(context);
    processor = newProcessor();
    processor.init(context);
  }

  private AnomalyTrackerProcessor newProcessor() {
    return new AnomalyTrackerProcessor(
        new AnomalyLifecycle(UPDATE_EVERY, CLEAR_AFTER), new AnomalyEvents(LOOKBACK), counted::add);
  }

  @Test
  void persistingFindingIsStartedOnceWithItsEvidence() {
    List<AnomalyEvent> first = step(0, imbalance(Severity.WARNING));
    for (int n = 1; n < 3; n++) {
      assertThat(step(n, imbalance(Severity.WARNING))).isEmpty();
    }

    AnomalyEvent e = single(first);
    assertThat(e.getStatus()).isEqualTo(AnomalyStatus.STARTED);
    assertThat(e.getId()).isEqualTo(POOL + "|IMBALANCE|" + window(0));
    assertThat(e.getKind()).isEqualTo(io.fulcrum.avro.AnomalyKind.IMBALANCE);
    assertThat(e.getSeverity()).isEqualTo(io.fulcrum.avro.Severity.WARNING);
    assertThat(e.getPool()).isEqualTo(POOL);
    assertThat(e.getServer()).isEqualTo("web-1");
    assertThat(e.getOnset()).isEqualTo(Instant.ofEpochMilli(window(0)));
    assertThat(e.getWindowStart()).isEqualTo(Instant.ofEpochMilli(window(0)));
    assertThat(e.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(window(1)));
    assertThat(e.getDetectedAt()).isEqualTo(Instant.ofEpochMilli(window(1) + GRACE_MS));
    assertThat(e.getEvidence().getTest()).isEqualTo("G-test");
    assertThat(e.getEvidence().getTotalCount()).isEqualTo(100);
    assertThat(e.getEvidence().getBaselineWindows()).isEqualTo(12);
    assertThat(e.getEvidence().getServers())
        .extracting(s -> s.getServer())
        .containsExactly("web-1", "web-2");
    assertThat(counted).containsExactly(e);
    assertThat(store.get(POOL).getTrackers()).containsOnlyKeys("IMBALANCE");
  }

  @Test
  void ongoingIsPublishedOnlyEveryNAnomalousWindows() {
    Map<Integer, AnomalyStatus> statuses = new TreeMap<>();
    List<AnomalyEvent> all = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      for (AnomalyEvent e : step(n, imbalance(Severity.WARNING))) {
        statuses.put(n, e.getStatus());
        all.add(e);
      }
    }
    assertThat(statuses)
        .containsExactly(
            Map.entry(0, AnomalyStatus.STARTED),
            Map.entry(3, AnomalyStatus.ONGOING),
            Map.entry(6, AnomalyStatus.ONGOING),
            Map.entry(9, AnomalyStatus.ONGOING));
    assertThat(all).extracting(AnomalyEvent::getId).containsOnly(POOL + "|IMBALANCE|" + window(0));
    assertThat(all)
        .extracting(AnomalyEvent::getOnset)
        .containsOnly(Instant.ofEpochMilli(window(0)));
    assertThat(all.get(1).getWindowStart()).isEqualTo(Instant.ofEpochMilli(window(3)));
  }

  @Test
  void escalationToCriticalIsPublishedAtOnce() {
    assertThat(single(step(0, imbalance(Severity.WARNING))).getStatus())
        .isEqualTo(AnomalyStatus.STARTED);
    AnomalyEvent escalated = single(step(1, imbalance(Severity.CRITICAL)));
    assertThat(escalated.getStatus()).isEqualTo(AnomalyStatus.ONGOING);
    assertThat(escalated.getSeverity()).isEqualTo(io.fulcrum.avro.Severity.CRITICAL);
    assertThat(step(2, imbalance(Severity.CRITICAL))).as("already critical").isEmpty();
    assertThat(step(3, imbalance(Severity.CRITICAL))).isEmpty();
    assertThat(single(step(4, imbalance(Severity.CRITICAL))).getStatus())
        .as("regular update N windows after the escalation")
        .isEqualTo(AnomalyStatus.ONGOING);
  }

  @Test
  void criticalFromTheStartIsStartedAsCriticalWithoutAnExtraOngoing() {
    assertThat(single(step(0, imbalance(Severity.CRITICAL))).getSeverity())
        .isEqualTo(io.fulcrum.avro.Severity.CRITICAL);
    assertThat(step(1, imbalance(Severity.CRITICAL))).isEmpty();
  }

  @Test
  void clearedAfterMCleanWindowsAndNotBefore() {
    AnomalyEvent started = single(step(0, imbalance(Severity.CRITICAL)));
    assertThat(step(1)).as("one clean window is not enough").isEmpty();
    assertThat(store.get(POOL)).isNotNull();

    AnomalyEvent cleared = single(step(2));
    assertThat(cleared.getStatus()).isEqualTo(AnomalyStatus.CLEARED);
    assertThat(cleared.getId()).isEqualTo(started.getId());
    assertThat(cleared.getSeverity()).isEqualTo(io.fulcrum.avro.Severity.INFO);
    assertThat(cleared.getOnset()).isEqualTo(Instant.ofEpochMilli(window(0)));
    assertThat(cleared.getWindowStart()).isEqualTo(Instant.ofEpochMilli(window(2)));
    assertThat(cleared.getSummary()).startsWith(POOL + ": IMBALANCE cleared");
    assertThat(store.get(POOL)).as("nothing left to track").isNull();

    assertThat(step(3)).isEmpty();
    AnomalyEvent again = single(step(4, imbalance(Severity.WARNING)));
    assertThat(again.getStatus()).isEqualTo(AnomalyStatus.STARTED);
    assertThat(again.getId()).isEqualTo(POOL + "|IMBALANCE|" + window(4));
  }

  @Test
  void findingReturningDuringTheClearStreakResetsIt() {
    step(0, imbalance(Severity.WARNING));
    assertThat(step(1)).isEmpty();
    assertThat(step(2, imbalance(Severity.WARNING))).as("same anomaly, no new STARTED").isEmpty();
    assertThat(step(3)).as("streak restarted at 1").isEmpty();
    AnomalyEvent cleared = single(step(4));
    assertThat(cleared.getStatus()).isEqualTo(AnomalyStatus.CLEARED);
    assertThat(cleared.getId()).isEqualTo(POOL + "|IMBALANCE|" + window(0));
  }

  @Test
  void kindsAreTrackedIndependentlyAndTheWorstFindingOfAKindCounts() {
    List<AnomalyEvent> events =
        step(
            0,
            imbalance(Severity.WARNING),
            imbalance(Severity.CRITICAL),
            finding(AnomalyKind.ERROR_SPIKE, Severity.WARNING, null));
    assertThat(events).extracting(AnomalyEvent::getStatus).containsOnly(AnomalyStatus.STARTED);
    assertThat(events)
        .extracting(e -> e.getKind().name())
        .containsExactly("IMBALANCE", "ERROR_SPIKE");
    assertThat(events.get(0).getSeverity()).isEqualTo(io.fulcrum.avro.Severity.CRITICAL);

    assertThat(step(1, imbalance(Severity.CRITICAL))).isEmpty();
    List<AnomalyEvent> next = step(2, imbalance(Severity.CRITICAL));
    assertThat(next)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKind().name()).isEqualTo("ERROR_SPIKE");
              assertThat(e.getStatus()).isEqualTo(AnomalyStatus.CLEARED);
            });
  }

  @Test
  void summaryNamesTheConfigChangeDeployedBeforeOnset() {
    config = timeline("v41", window(0) - 300_000L, "v42", window(0) - 12_400L);
    AnomalyEvent e = single(step(0, imbalance(Severity.CRITICAL)));
    assertThat(e.getSummary())
        .isEqualTo(
            POOL
                + ": web-1 got 100% of traffic (expected 50%) since config v42 was deployed 12 s before onset");
    assertThat(e.getSuspectedCause()).isNotNull();
    assertThat(e.getSuspectedCause().getVersion()).isEqualTo("v42");
    assertThat(e.getSuspectedCause().getDeployedAt())
        .isEqualTo(Instant.ofEpochMilli(window(0) - 12_400L));
    assertThat(e.getSuspectedCause().getSecondsBeforeOnset()).isEqualTo(12);
    assertThat(e.getSuspectedCause().getPreviousVersion()).isEqualTo("v41");
    assertThat(e.getSuspectedCause().getAuthor()).isEqualTo("alice");

    // A later deploy does not change the suspect of an anomaly that began before it.
    config =
        timeline(
            "v41", window(0) - 300_000L, "v42", window(0) - 12_400L, "v43", window(2) + 1_000L);
    step(1, imbalance(Severity.CRITICAL));
    step(2, imbalance(Severity.CRITICAL));
    AnomalyEvent ongoing = single(step(3, imbalance(Severity.CRITICAL)));
    assertThat(ongoing.getStatus()).isEqualTo(AnomalyStatus.ONGOING);
    assertThat(ongoing.getSuspectedCause().getVersion()).isEqualTo("v42");
    assertThat(ongoing.getSummary()).endsWith("since config v42 was deployed 12 s before onset");
  }

  @Test
  void changeDeployedInsideTheOnsetWindowIsNamedAsJustBefore() {
    config = timeline("v41", window(0) - 300_000L, "v42", window(0) + 3_000L);
    AnomalyEvent e = single(step(0, imbalance(Severity.CRITICAL)));
    assertThat(e.getSuspectedCause().getVersion()).isEqualTo("v42");
    assertThat(e.getSuspectedCause().getSecondsBeforeOnset()).isEqualTo(-3);
    assertThat(e.getSummary()).contains("right after config v42 was deployed at ");
  }

  @Test
  void withoutAConfigChangeInTheLookbackTheSummarySaysNotExplainedByAConfigChange() {
    config = timeline("v41", window(0) - LOOKBACK.toMillis() - 1_000L);
    AnomalyEvent e = single(step(0, imbalance(Severity.CRITICAL)));
    assertThat(e.getSuspectedCause()).isNull();
    assertThat(e.getSummary())
        .isEqualTo(
            POOL
                + ": web-1 got 100% of traffic (expected 50%) with no config change on "
                + POOL
                + " in the 10 min before onset (not explained by a config change)");
  }

  @Test
  void withoutAnyConfigHistoryTheSummarySaysNotExplainedByAConfigChange() {
    AnomalyEvent e = single(step(0, imbalance(Severity.WARNING)));
    assertThat(e.getSuspectedCause()).isNull();
    assertThat(e.getSummary()).contains("(not explained by a config change)");
  }

  @Test
  void duplicateVerdictDoesNotStartTheAnomalyTwice() {
    Record<String, WindowVerdict> record = record(0, imbalance(Severity.WARNING));
    processor.process(record);
    processor.process(record);
    List<AnomalyEvent> events = take();
    assertThat(events).extracting(AnomalyEvent::getStatus).containsExactly(AnomalyStatus.STARTED);
  }

  @Test
  void cleanVerdictsWithoutAnyTrackerWriteNothing() {
    for (int n = 0; n < 3; n++) {
      assertThat(step(n)).isEmpty();
    }
    assertThat(store.approximateNumEntries()).isZero();
  }

  @Test
  void trackerStateSurvivesARestart() {
    step(0, imbalance(Severity.WARNING));
    step(1, imbalance(Severity.WARNING));

    processor = newProcessor();
    context = new MockProcessorContext<>();
    context.addStateStore(store);
    processor.init(context);

    assertThat(step(2, imbalance(Severity.WARNING)))
        .as("no second STARTED after a restart")
        .isEmpty();
    AnomalyEvent ongoing = single(step(3, imbalance(Severity.WARNING)));
    assertThat(ongoing.getStatus()).isEqualTo(AnomalyStatus.ONGOING);
    assertThat(ongoing.getId()).isEqualTo(POOL + "|IMBALANCE|" + window(0));
  }

  // ---- helpers

  private Record<String, WindowVerdict> record(int n, Finding... findings) {
    WindowVerdict v = verdict(closedWindow(n, config), findings);
    return new Record<>(POOL, v, v.window().closedAt());
  }

  /**
   * Processes window {@code n} with these findings (none = clean) and returns the events it
   * published.
   */
  private List<AnomalyEvent> step(int n, Finding... findings) {
    Record<String, WindowVerdict> r = record(n, findings);
    processor.process(r);
    for (MockProcessorContext.CapturedForward<? extends String, ? extends AnomalyEvent> f :
        context.forwarded()) {
      assertThat(f.record().key()).isEqualTo(POOL);
      assertThat(f.record().timestamp()).isEqualTo(r.timestamp());
    }
    return take();
  }

  private List<AnomalyEvent> take() {
    List<AnomalyEvent> out = new ArrayList<>();
    context.forwarded().forEach(f -> out.add(f.record().value()));
    context.resetForwards();
    return out;
  }

  private static AnomalyEvent single(List<AnomalyEvent> events) {
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
