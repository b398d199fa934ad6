package io.fulcrum.query;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.Incident;
import io.fulcrum.query.Views.AnomalyView;
import io.fulcrum.query.Views.IncidentView;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest snapshot of each of a pool's recent anomalies or incidents. Each is keyed by its
 * onset and id, which never change, so STARTED, ONGOING and CLEARED (or an incident's transitions)
 * overwrite one entry, and the oldest onsets are dropped beyond the bound. An anomaly's CLEARED
 * event keeps the statistics that fired.
 */
public final class RecentEventsRecorder<E, V> implements Processor<String, E, Void, Void> {
  private final String storeName;
  private final int max;
  private final Function<E, String> key;
  private final Function<E, V> view;

  /** (stored snapshot or null, new snapshot) to what is stored. */
  private final BinaryOperator<V> merge;

  private KeyValueStore<String, V> store;

  private RecentEventsRecorder(
      String storeName,
      int max,
      Function<E, String> key,
      Function<E, V> view,
      BinaryOperator<V> merge) {
    this.storeName = storeName;
    this.max = max;
    this.key = key;
    this.view = view;
    this.merge = merge;
  }

  public static RecentEventsRecorder<AnomalyEvent, AnomalyView> anomalies() {
    return new RecentEventsRecorder<>(
        RecentStores.ANOMALIES,
        RecentStores.MAX_ANOMALIES,
        a -> RecentStores.key(a.getPool(), a.getOnset().toEpochMilli(), a.getId()),
        Views::anomaly,
        Views::keepFiringEvidence);
  }

  public static RecentEventsRecorder<Incident, IncidentView> incidents() {
    return new RecentEventsRecorder<>(
        RecentStores.INCIDENTS,
        RecentStores.MAX_INCIDENTS,
        i -> RecentStores.key(i.getPool(), i.getOnsetAt().toEpochMilli(), i.getIncidentId()),
        Views::incident,
        (previous, next) -> next);
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, E> record) {
    E event = record.value();
    if (event == null) {
      return;
    }
    String k = key.apply(event);
    store.put(k, merge.apply(store.get(k), view.apply(event)));
    RecentStores.trim(store, RecentStores.poolOf(k), max);
  }
}
