package io.fulcrum.distribution;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The event-time watermarks of the input tasks feeding one pool task, kept in a store so that a restart does not
 * forget a lagging task. A window may close at the lowest watermark among the tasks that are moving; a task whose
 * watermark has not advanced for {@code idleMs} of wall-clock time (its input went quiet, or it is gone) stops
 * holding windows back until it moves again.
 */
final class SourceWatermarks {
  static final long NONE = Long.MIN_VALUE;

  private static final class Source {
    long watermark;
    long advancedAt;
    boolean dirty;

    Source(long watermark, long advancedAt) {
      this.watermark = watermark;
      this.advancedAt = advancedAt;
    }
  }

  private final Map<String, Source> sources = new HashMap<>();
  private final KeyValueStore<String, Long> store;
  private final long idleMs;

  /** Loads the stored watermarks; each counts as moving at {@code wallNow} until it has been still for idleMs. */
  SourceWatermarks(KeyValueStore<String, Long> store, long idleMs, long wallNow) {
    this.store = store;
    this.idleMs = idleMs;
    try (KeyValueIterator<String, Long> it = store.all()) {
      it.forEachRemaining(kv -> sources.put(kv.key, new Source(kv.value, wallNow)));
    }
  }

  void advance(String source, long watermark, long wallNow) {
    Source s = sources.get(source);
    if (s == null) {
      s = new Source(watermark, wallNow);
      s.dirty = true;
      sources.put(source, s);
    } else if (watermark > s.watermark) {
      s.watermark = watermark;
      s.advancedAt = wallNow;
      s.dirty = true;
    }
  }

  /** The lowest watermark of the sources that moved within idleMs of {@code wallNow}; {@link #NONE} if none did. */
  long lowestMoving(long wallNow) {
    long low = Long.MAX_VALUE;
    for (Source s : sources.values()) {
      if (wallNow - s.advancedAt < idleMs) {
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

  /** Wall-clock time of the last advance of any source; {@link #NONE} if there are none. */
  long lastAdvance() {
    long last = NONE;
    for (Source s : sources.values()) {
      last = Math.max(last, s.advancedAt);
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
