package io.fulcrum.query;

import io.fulcrum.avro.internal.ConfigHistory;
import io.fulcrum.distribution.ConfigHistoryUpdater;
import io.fulcrum.query.Views.AnomalyView;
import io.fulcrum.query.Views.ChangeView;
import io.fulcrum.query.Views.IncidentView;
import io.fulcrum.query.Views.WindowView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers from this instance's own recent-* stores: whatever pools its active tasks hold. The
 * bodies are the API's JSON documents ({@code pools}, {@code pool}, {@code windows}, {@code
 * incidents}, {@code anomalies}).
 */
public final class LocalReader {
  /** Opens a store for reading; throws InvalidStateStoreException while it is not queryable. */
  public interface Stores {
    /** Every partition of the store this instance serves. */
    <V> ReadOnlyKeyValueStore<String, V> store(String name);

    /** The one partition that holds a key. */
    <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition);
  }

  /** A pool at a glance: its latest window, open incident and anomalies not yet cleared. */
  public record PoolSummary(
      String pool,
      WindowView window,
      IncidentView openIncident,
      List<AnomalyView> activeAnomalies) {}

  public record PoolsDoc(List<PoolSummary> pools) {}

  public record WindowsDoc(String pool, List<WindowView> windows) {}

  public record IncidentsDoc(List<IncidentView> incidents) {}

  public record AnomaliesDoc(List<AnomalyView> anomalies) {}

  /** Oldest first. */
  public record ChangesDoc(String pool, List<ChangeView> changes) {}

  private final Stores stores;
  private final boolean incidents;

  /**
   * @param incidents whether remediation is on (else there is no incidents store)
   */
  public LocalReader(Stores stores, boolean incidents) {
    this.stores = stores;
    this.incidents = incidents;
  }

  /** A reader of the one partition that holds a pool's keys, for the questions about that pool. */
  public LocalReader partition(int partition) {
    return new LocalReader(
        new Stores() {
          @Override
          public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
            return stores.store(name, partition);
          }

          @Override
          public <V> ReadOnlyKeyValueStore<String, V> store(String name, int p) {
            return stores.store(name, p);
          }
        },
        incidents);
  }

  public PoolsDoc pools() {
    Map<String, WindowView> latest = new TreeMap<>();
    for (WindowView w : RecentStores.latest(stores.<WindowView>store(RecentStores.WINDOWS))) {
      latest.put(w.pool(), w);
    }
    // Opened once for the whole list: each opening checks this instance's partitions.
    ReadOnlyKeyValueStore<String, IncidentView> incidentStore =
        incidents ? stores.store(RecentStores.INCIDENTS) : null;
    ReadOnlyKeyValueStore<String, AnomalyView> anomalyStore = stores.store(RecentStores.ANOMALIES);
    List<PoolSummary> out = new ArrayList<>();
    latest.forEach((pool, w) -> out.add(summary(pool, w, incidentStore, anomalyStore)));
    return new PoolsDoc(out);
  }

  /** Null when this instance has no window of the pool. */
  public PoolSummary pool(String pool) {
    WindowView w = stores.<WindowView>store(RecentStores.WINDOWS).get(RecentStores.latestKey(pool));
    return w == null
        ? null
        : summary(
            pool,
            w,
            incidents ? stores.store(RecentStores.INCIDENTS) : null,
            stores.store(RecentStores.ANOMALIES));
  }

  /** Newest first; null when the pool has no windows here. */
  public WindowsDoc windows(String pool, int limit) {
    List<WindowView> ws = RecentStores.ofPool(stores.<WindowView>store(RecentStores.WINDOWS), pool);
    if (ws.isEmpty()) {
      return null;
    }
    Collections.reverse(ws);
    return new WindowsDoc(pool, List.copyOf(ws.subList(0, Math.min(limit, ws.size()))));
  }

  /** Newest update first. */
  public IncidentsDoc incidents() {
    List<IncidentView> out = new ArrayList<>();
    if (incidents) {
      try (KeyValueIterator<String, IncidentView> it =
          stores.<IncidentView>store(RecentStores.INCIDENTS).all()) {
        it.forEachRemaining(kv -> out.add(kv.value));
      }
    }
    out.sort(Comparator.comparing(IncidentView::updatedAt).reversed());
    return new IncidentsDoc(out);
  }

  /** Null when there is no such incident (or it was dropped as one of the pool's oldest). */
  public IncidentView incident(String pool, String id) {
    if (!incidents) {
      return null;
    }
    long onset = Instant.parse(id.substring(id.lastIndexOf('@') + 1)).toEpochMilli();
    return stores
        .<IncidentView>store(RecentStores.INCIDENTS)
        .get(RecentStores.key(pool, onset, id));
  }

  /** Newest detection first. */
  public AnomaliesDoc anomalies() {
    List<AnomalyView> out = new ArrayList<>();
    try (KeyValueIterator<String, AnomalyView> it =
        stores.<AnomalyView>store(RecentStores.ANOMALIES).all()) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    out.sort(Comparator.comparing(AnomalyView::detectedAt).reversed());
    return new AnomaliesDoc(out);
  }

  /**
   * The pool's recent config versions as deployed (rollbacks included), from the global
   * config-history store: every instance holds every pool's, so this is never forwarded. Empty when
   * no change was seen.
   */
  public ChangesDoc changes(String pool) {
    ConfigHistory h = stores.<ConfigHistory>store(ConfigHistoryUpdater.STORE).get(pool);
    return new ChangesDoc(
        pool, h == null ? List.of() : h.getEntries().stream().map(Views::change).toList());
  }

  /**
   * @param incidentStore null when remediation is off
   */
  private static PoolSummary summary(
      String pool,
      WindowView latest,
      ReadOnlyKeyValueStore<String, IncidentView> incidentStore,
      ReadOnlyKeyValueStore<String, AnomalyView> anomalyStore) {
    IncidentView open = null;
    if (incidentStore != null) {
      for (IncidentView i : RecentStores.ofPool(incidentStore, pool)) {
        open = i.open() ? i : open; // oldest first: the newest open one wins
      }
    }
    Map<String, AnomalyView> active = new LinkedHashMap<>();
    for (AnomalyView a : RecentStores.ofPool(anomalyStore, pool)) {
      if (!a.status().equals("CLEARED")) {
        active.put(a.id(), a);
      }
    }
    return new PoolSummary(pool, latest, open, List.copyOf(active.values()));
  }
}
