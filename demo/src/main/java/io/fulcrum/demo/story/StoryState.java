package io.fulcrum.demo.story;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Collects what the topic watcher reads; snapshots for the view and the story's end. Thread-safe.
 */
public final class StoryState {
  private final long demoStartMs;
  private final Map<String, PoolWindow> windows = new TreeMap<>();
  private final List<StoryEvent> events = new ArrayList<>();
  private final Map<String, Incident> incidents = new LinkedHashMap<>();
  private int commands;
  private int results;
  private long windowsSeen;

  /**
   * @param demoStartMs config changes before this are shown as "live since", not as deploys
   */
  public StoryState(long demoStartMs) {
    this.demoStartMs = demoStartMs;
  }

  public synchronized void onWindow(PoolWindow w) {
    PoolWindow prev = windows.get(w.getPool());
    if (prev == null || prev.getWindowStart().isBefore(w.getWindowStart())) {
      windows.put(w.getPool(), w);
    }
    windowsSeen++;
    notifyAll();
  }

  public synchronized void onConfigChange(LbConfigChange c) {
    add(StoryLines.deploy(c, demoStartMs));
  }

  public synchronized void onAnomaly(AnomalyEvent a) {
    add(StoryLines.anomaly(a));
  }

  public synchronized void onCommand(RollbackCommand c) {
    commands++;
    add(StoryLines.command(c));
  }

  public synchronized void onResult(RemediationResult r) {
    results++;
    add(StoryLines.result(r));
  }

  /** Incident updates are shown when the state changes, or when it closes (recovered). */
  public synchronized void onIncident(Incident i) {
    Incident prev = incidents.put(i.getIncidentId(), i);
    boolean changed =
        prev == null
            || prev.getState() != i.getState()
            || (prev.getRecoveredAt() == null && i.getRecoveredAt() != null);
    if (changed) {
      add(StoryLines.incident(i));
    }
    if ((prev == null || prev.getDiagnosis().isEmpty()) && !i.getDiagnosis().isEmpty()) {
      add(StoryLines.diagnosis(i));
    }
    notifyAll();
  }

  public synchronized Story snapshot() {
    return new Story(
        new ArrayList<>(windows.values()),
        events,
        new ArrayList<>(incidents.values()),
        commands,
        results,
        windowsSeen);
  }

  /**
   * Waits until {@code judge} gives a non-null answer for the story so far, or {@code deadlineMs}
   * (wall clock) passes; returns the answer, or null at the deadline. Woken by every incident and
   * window.
   */
  public synchronized <T> T await(Function<Story, T> judge, long deadlineMs)
      throws InterruptedException {
    while (true) {
      T answer = judge.apply(snapshot());
      long left = deadlineMs - System.currentTimeMillis();
      if (answer != null || left <= 0) {
        return answer;
      }
      wait(Math.min(left, 1000));
    }
  }

  private void add(StoryEvent e) {
    events.add(e);
    notifyAll();
  }
}
