package io.fulcrum.window;

import static io.fulcrum.window.ServerWindowPreAggregator.NO_SERVER;

import io.fulcrum.avro.ServerWindowStats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The fast path's part of the {@link ServerWindowPreAggregator}: counts each request of a window in
 * its {@link Slices slice} and sends the slices that have ended, of pools with a fresh config
 * change only. Split from the pre-aggregator, whose sums it never touches: slice counts are
 * evidence, never traffic.
 */
final class SliceSender {
  private final List<OpenWindow> slots;
  private final long windowMs;
  private final long graceMs;
  private final long sliceMs;
  private final int slicesPerWindow;
  private final long freshMs;

  /**
   * @param slots the pre-aggregator's open windows, oldest first (its own list, not a copy)
   * @param freshMs how long after a change its pool's slices are sent
   */
  SliceSender(
      List<OpenWindow> slots,
      long windowMs,
      long graceMs,
      long sliceMs,
      int slicesPerWindow,
      long freshMs) {
    this.slots = slots;
    this.windowMs = windowMs;
    this.graceMs = graceMs;
    this.sliceMs = sliceMs;
    this.slicesPerWindow = slicesPerWindow;
    this.freshMs = freshMs;
  }

  /**
   * Counts a request in its slice or, if that slice was already sent, in the first one still to be
   * sent: a slow request's line comes late (an overloaded server's, above all), and the fast path
   * must see it all the same. The sequential tests need batches, not exact seconds.
   */
  void count(OpenWindow slot, int entry, String pool, String server, int slice, boolean error) {
    if (slice >= slot.slicesSent || slot.slicesSent < slicesPerWindow) {
      slot.sums().countSlice(entry, Math.max(slice, slot.slicesSent), slicesPerWindow, error);
      return;
    }
    OpenWindow newest = slots.get(slots.size() - 1);
    if (newest != slot && newest.slicesSent < slicesPerWindow) {
      ServerSums sums = newest.sums();
      sums.countSlice(sums.entry(pool, server), newest.slicesSent, slicesPerWindow, error);
    }
  }

  /**
   * The slices that have ended by {@code upTo}, of pools with a change in the last window plus
   * freshness.
   */
  void send(
      long upTo,
      ServerWindowPreAggregator.RecentChanges recentChanges,
      Consumer<Record<String, ServerWindowStats>> forward) {
    Map<String, Boolean> watched = new HashMap<>();
    long since = upTo - windowMs - freshMs;
    for (OpenWindow slot : slots) {
      long start = slot.windowStart();
      int ended = (int) Math.min(slicesPerWindow, Math.max(0, (upTo - start) / sliceMs));
      if (ended <= slot.slicesSent) {
        continue;
      }
      ServerSums s = slot.sums();
      for (int e = 0; e < s.size(); e++) {
        if (!watched.computeIfAbsent(
            s.pool(e), p -> recentChanges.changedBetween(p, since, upTo))) {
          continue;
        }
        String server = NO_SERVER.equals(s.server(e)) ? null : s.server(e);
        for (int i = slot.slicesSent; i < ended; i++) {
          int n = s.sliceCount(e, i);
          if (n > 0) {
            long from = start + i * sliceMs;
            long stamp = Math.min(upTo, from + sliceMs + graceMs - 1);
            forward.accept(
                new Record<>(
                    s.pool(e),
                    Slices.stats(s.pool(e), server, from, from + sliceMs, n, s.sliceErrors(e, i)),
                    stamp));
          }
        }
      }
      slot.slicesSent = ended;
    }
  }
}
