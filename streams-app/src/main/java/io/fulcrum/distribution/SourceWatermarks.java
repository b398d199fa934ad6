package io.fulcrum.distribution;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The event-time watermarks of the input tasks feeding one pool task, kept in a store so that a restart does not
 * forget a lagging task. A window may close at the lowest watermark among the tasks heard from within
 * {@code aliveMs} of wall-clock time. Every running input task sends one at least every flush interval (one whose
 * input went quiet lets it follow the wall clock), so a task stops holding windows back only when it is gone: its
 * thread stalled, or its instance died.
 */
final class SourceWatermarks {
  static final long NONE = Long.MIN_VALUE;

  private static final class Source {
    long watermark;
    long heardAt;
    boolean dirty;

    Source(long watermark, long heardAt) {
      this.watermark = watermark;
      this.heardAt = heardAt;
    }
  }

  private final Map<String, Source> sources = new HashMap<>();
  private final KeyValueStore<String, Long> store;
  private final long aliveMs;

  /** Loads the stored watermarks, each as if just heard from. */
  SourceWatermarks(KeyValueStore<String, Long> store, long aliveMs, long wallNow) {
    this.store = store;
    this.aliveMs = aliveMs;
    try (KeyValueIterator<String, Long> it = store.all()) {
      it.forEachRemaining(kv -> sources.put(kv.key, new Source(kv.value, wallNow)));
    }
  }

  boolean isEmpty() {
    return sources.isEmpty();
  }

  void advance(String source, long watermark, long wallNow) {
    Source s = sources.get(source);
    if (s == null) {
      s = new Source(watermark, wallNow);
      s.dirty = true;
      sources.put(source, s);
    } else {
      s.heardAt = wallNow;
      if (watermark > s.watermark) {
        s.watermark = watermark;
        s.dirty = true;
      }
    }
  }

  /** The lowest watermark of the sources heard from within aliveMs of {@code wallNow}; {@link #NONE} if none. */
  long lowestAlive(long wallNow) {
    long low = Long.MAX_VALUE;
    for (Source s : sources.values()) {
      if (wallNow - s.heardAt < aliveMs) {
        low = Math.min(low, s.watermark);
      }
    }
    return low == Long.MAX_VALUE ? NONE : low;
  }

  /** The highest watermark of all sources; {@link #NONE} if there are none. */
  long highest() {
    long high = NONE;
    for (Source s : sources.values()) {
      high = Math.max(high, s.watermark);
    }
    return high;
  }

  /** Wall-clock time at which any source was last heard from; {@link #NONE} if there are none. */
  long lastHeard() {
    long last = NONE;
    for (Source s : sources.values()) {
      last = Math.max(last, s.heardAt);
    }
    return last;
  }

  /** Writes the watermarks that moved since the last call: once per wall-clock tick, not per record. */
  void persist() {
    sources.forEach((source, s) -> {
      if (s.dirty) {
        store.put(source, s.watermark);
        s.dirty = false;
      }
    });
  }
}
