package io.fulcrum.anomaly;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.internal.AnomalyTrackers;
import io.fulcrum.avro.internal.TrackerState;
import io.fulcrum.detect.Finding;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Publishes anomaly events from window verdicts through {@link AnomalyLifecycle}, one store entry
 * per pool.
 */
public final class AnomalyTrackerProcessor
    implements Processor<String, WindowVerdict, String, AnomalyEvent> {
  public static final String TRACKERS = "anomaly-trackers";
  private final AnomalyLifecycle lifecycle;
  private final AnomalyEvents events;
  private final AnomalyCounter counter;
  private ProcessorContext<String, AnomalyEvent> context;
  private KeyValueStore<String, AnomalyTrackers> store;

  public AnomalyTrackerProcessor(
      AnomalyLifecycle lifecycle, AnomalyEvents events, AnomalyCounter counter) {
    this.lifecycle = lifecycle;
    this.events = events;
    this.counter = counter;
  }

  @Override
  public void init(ProcessorContext<String, AnomalyEvent> context) {
    this.context = context;
    this.store = context.getStateStore(TRACKERS);
  }

  @Override
  public void process(Record<String, WindowVerdict> record) {
    WindowVerdict v = record.value();
    if (v == null) {
      store.delete(
          record.key()); // the pool was forgotten after fulcrum.pool.forget-after of silence
      return;
    }
    AnomalyTrackers stored = store.get(record.key());
    Map<String, TrackerState> trackers =
        AnomalyLifecycle.mutableCopy(stored == null ? null : stored.getTrackers());
    if (trackers.isEmpty() && v.analysis().findings().isEmpty()) {
      return;
    }
    List<Finding> findings = v.analysis().findings();
    List<AnomalyLifecycle.Transition> transitions =
        lifecycle.step(
            record.key(), v.window().windowStart(), v.window().windowEnd(), findings, trackers);
    for (AnomalyLifecycle.Transition t : transitions) {
      AnomalyEvent event = events.build(t, v, null);
      counter.anomaly(event);
      context.forward(record.withValue(event));
    }
    if (trackers.isEmpty()) {
      store.delete(record.key());
    } else {
      store.put(record.key(), AnomalyTrackers.newBuilder().setTrackers(trackers).build());
    }
  }

  /** Metrics hook. */
  public interface AnomalyCounter {
    void anomaly(AnomalyEvent event);

    AnomalyCounter NONE = e -> {};
  }
}
