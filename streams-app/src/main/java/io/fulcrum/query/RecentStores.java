package io.fulcrum.query;

import io.fulcrum.query.Views.AnomalyView;
import io.fulcrum.query.Views.IncidentView;
import io.fulcrum.query.Views.WindowView;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The bounded, changelogged stores behind the query API, in the pool task. Keys are {@code pool NUL
 * sort-key}, so one pool's entries are a contiguous, ordered range (in-memory stores are ordered by
 * key bytes) and each window or incident update rewrites one small entry, not the pool's whole
 * history.
 */
public final class RecentStores {
  public static final String WINDOWS = "recent-windows";
  public static final String INCIDENTS = "recent-incidents";
  public static final String ANOMALIES = "recent-anomalies";

  /** Windows kept per pool: one hour of the default 10 s windows. */
  public static final int DEFAULT_WINDOWS_KEPT = 360;

  /** Incidents kept per pool, each as its latest snapshot. */
  public static final int MAX_INCIDENTS = 20;

  /** Anomalies kept per pool, each as its latest event. */
  public static final int MAX_ANOMALIES = 50;

  private static final char SEP = '\u0000';

  /**
   * Keys of the windows store's "latest window of each pool" entries sort before every pool's
   * history.
   */
  private static final String LATEST = "\u0001";

  private static final String LATEST_END = "\u0002";

  private RecentStores() {}

  /** Registers the stores; {@code incidents} only when remediation is on. */
  public static void add(StreamsBuilder builder, boolean incidents) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(WINDOWS),
            Serdes.String(),
            new JsonSerde<>(WindowView.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(ANOMALIES),
            Serdes.String(),
            new JsonSerde<>(AnomalyView.class)));
    if (incidents) {
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(INCIDENTS),
              Serdes.String(),
              new JsonSerde<>(IncidentView.class)));
    }
  }

  /** Every entry of {@code pool} starts with this. */
  public static String prefix(String pool) {
    return pool + SEP;
  }

  /**
   * Where the windows store keeps the pool's latest window, so listing pools reads one entry a
   * pool.
   */
  public static String latestKey(String pool) {
    return LATEST + pool;
  }

  /** The latest window of every pool in {@code store} (the windows store). */
  public static <V> List<V> latest(ReadOnlyKeyValueStore<String, V> store) {
    List<V> out = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.range(LATEST, LATEST_END)) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }

  /** Event times sort as text once zero-padded (to year 33658). */
  public static String key(String pool, long timeMs, String id) {
    String t = String.format("%015d", Math.max(0, timeMs));
    return id == null ? prefix(pool) + t : prefix(pool) + t + SEP + id;
  }

  /** The pool an entry's key belongs to. */
  public static String poolOf(String key) {
    int i = key.indexOf(SEP);
    return i < 0 ? key : key.substring(0, i);
  }

  /** One pool's entries, oldest first. */
  public static <V> List<V> ofPool(ReadOnlyKeyValueStore<String, V> store, String pool) {
    List<V> out = new ArrayList<>();
    try (KeyValueIterator<String, V> it =
        store.prefixScan(prefix(pool), Serdes.String().serializer())) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }

  /** Drops the pool's oldest entries beyond {@code max}. */
  public static <V> void trim(KeyValueStore<String, V> store, String pool, int max) {
    List<String> keys = keys(store, pool);
    for (int i = 0; i < keys.size() - max; i++) {
      store.delete(keys.get(i));
    }
  }

  /** Drops the pool's entries older than {@code timeMs}: reads only those, unlike {@link #trim}. */
  public static <V> void deleteBefore(KeyValueStore<String, V> store, String pool, long timeMs) {
    if (timeMs <= 0) {
      return;
    }
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.range(prefix(pool), key(pool, timeMs - 1, null))) {
      it.forEachRemaining(kv -> old.add(kv.key));
    }
    old.forEach(store::delete);
  }

  /** Forgets the pool (its latest-window entry too). */
  public static <V> void deletePool(KeyValueStore<String, V> store, String pool) {
    keys(store, pool).forEach(store::delete);
    store.delete(latestKey(pool));
  }

  private static <V> List<String> keys(KeyValueStore<String, V> store, String pool) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, V> it =
        store.prefixScan(prefix(pool), Serdes.String().serializer())) {
      while (it.hasNext()) {
        KeyValue<String, V> kv = it.next();
        keys.add(kv.key);
      }
    }
    return keys;
  }
}
