package io.fulcrum.distribution;

import io.fulcrum.window.Watermarks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The event-time watermarks of the input tasks feeding one pool task, kept in a store so that a
 * restart does not forget a lagging task. A window may close at the lowest watermark among them. A
 * running input task sends one every flush interval, whether or not it has input; one that falls
 * silent is restarting, moving to another instance, or cut off from the broker, and its requests
 * are still to come, so it goes on holding windows back. Only after {@code maxHoldMs} of silence
 * (an input partition that no longer exists, say) is it left out, and said so. Input tasks say how
 * many of them their sub-topology has: until all have spoken, the set is not {@link #complete}.
 */
final class SourceWatermarks {
  static final long NONE = Long.MIN_VALUE;

  private static final class Source {
    long watermark;
    long heardAt;
    boolean dirty;
    boolean expired;

    Source(long watermark, long heardAt) {
      this.watermark = watermark;
      this.heardAt = heardAt;
    }
  }

  private final Map<String, Source> sources = new HashMap<>();

  /** Sub-topology to its number of input tasks, as they report it. */
  private final Map<String, Integer> expected = new HashMap<>();

  private final KeyValueStore<String, Long> store;
  private final long maxHoldMs;

  /** Loads the stored watermarks, each as if just heard from. */
  SourceWatermarks(KeyValueStore<String, Long> store, long maxHoldMs, long wallNow) {
    this.store = store;
    this.maxHoldMs = maxHoldMs;
    try (KeyValueIterator<String, Long> it = store.all()) {
      it.forEachRemaining(kv -> sources.put(kv.key, new Source(kv.value, wallNow)));
    }
  }

  boolean isEmpty() {
    return sources.isEmpty();
  }

  /**
   * @return true if the source had been left out and is back
   */
  boolean advance(String source, long watermark, int tasks, long wallNow) {
    if (tasks > 0) {
      expected.merge(Watermarks.group(source), tasks, Math::max);
    }
    Source s = sources.get(source);
    if (s == null) {
      s = new Source(watermark, wallNow);
      s.dirty = true;
      sources.put(source, s);
      return false;
    }
    s.heardAt = wallNow;
    // An input with nothing to read holds nothing back, until its first record: then its watermark
    // counts.
    if (watermark > s.watermark
        || (s.watermark == Watermarks.EMPTY && watermark != Watermarks.EMPTY)) {
      s.watermark = watermark;
      s.dirty = true;
    }
    boolean back = s.expired;
    s.expired = false;
    return back;
  }

  /**
   * The lowest watermark of the sources not left out and not empty; {@link #NONE} if there are
   * none.
   */
  long lowest() {
    long low = Long.MAX_VALUE;
    for (Source s : sources.values()) {
      if (!s.expired && s.watermark != Watermarks.EMPTY) {
        low = Math.min(low, s.watermark);
      }
    }
    return low == Long.MAX_VALUE ? NONE : low;
  }

  /** For the log when windows are held for long: who holds them, and who has not spoken. */
  String describe() {
    StringBuilder b = new StringBuilder();
    String lowest = null;
    long low = Long.MAX_VALUE;
    for (Map.Entry<String, Source> e : sources.entrySet()) {
      Source s = e.getValue();
      if (!s.expired && s.watermark != Watermarks.EMPTY && s.watermark < low) {
        low = s.watermark;
        lowest = e.getKey();
      }
    }
    b.append("lowest watermark ")
        .append(
            low == Watermarks.HOLD
                ? "HOLD (records to read, none read yet)"
                : low == Long.MAX_VALUE ? "none" : java.time.Instant.ofEpochMilli(low))
        .append(" from input task ")
        .append(lowest);
    expected.forEach(
        (group, n) -> {
          long known =
              sources.keySet().stream().filter(s -> Watermarks.group(s).equals(group)).count();
          if (known < n) {
            b.append("; sub-topology ")
                .append(group)
                .append(": ")
                .append(known)
                .append(" of ")
                .append(n)
                .append(" input tasks heard from");
          }
        });
    return b.toString();
  }

  /** Whether every input task of every sub-topology that reported its size has been heard from. */
  boolean complete() {
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      long known =
          sources.keySet().stream().filter(s -> Watermarks.group(s).equals(e.getKey())).count();
      if (known < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Leaves out the sources silent for longer than the maximum hold; returns the ones newly left
   * out.
   */
  List<String> expire(long wallNow) {
    List<String> gone = new ArrayList<>(0);
    sources.forEach(
        (name, s) -> {
          if (!s.expired && wallNow - s.heardAt >= maxHoldMs) {
            s.expired = true;
            gone.add(name);
          }
        });
    return gone;
  }

  /**
   * Writes the watermarks that moved since the last call: once per wall-clock tick, not per record.
   */
  void persist() {
    sources.forEach(
        (source, s) -> {
          if (s.dirty) {
            store.put(source, s.watermark);
            s.dirty = false;
          }
        });
  }
}
