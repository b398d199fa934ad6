package io.fulcrum.window;

import static io.fulcrum.window.ServerWindowPreAggregator.NO_SERVER;

import io.fulcrum.avro.ServerWindowStats;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@link ServerWindowPreAggregator}'s unsent sums and watermarks in its changelogged store:
 * written before each commit, read back when the task starts again. Split from the pre-aggregator
 * so that the durable form (store keys, the two watermark entries) reads in one place.
 */
final class SumsSnapshot {
  private static final String DATA_WATERMARK = "\u0000data-watermark";
  private static final String ANNOUNCED_WATERMARK = "\u0000announced-watermark";

  /** The watermarks restored: those given where the store had none. */
  record Restored(long watermark, long announced) {}

  private final KeyValueStore<String, ServerWindowStats> sums;
  private final long windowMs;

  SumsSnapshot(KeyValueStore<String, ServerWindowStats> sums, long windowMs) {
    this.sums = sums;
    this.windowMs = windowMs;
  }

  /**
   * Writes what changed since the last snapshot, so the store holds exactly the unsent sums:
   * deletes the {@code retired} windows' keys (and clears the list), writes the changed sums of the
   * open {@code slots}, and the watermarks once there is one.
   */
  void write(List<OpenWindow> retired, List<OpenWindow> slots, long watermark, long announced) {
    for (OpenWindow slot : retired) {
      ServerSums s = slot.sums();
      for (int e = 0; e < s.size(); e++) {
        sums.delete(key(slot, s, e));
      }
    }
    retired.clear();
    for (OpenWindow slot : slots) {
      ServerSums s = slot.sums();
      for (int e = 0; e < s.size(); e++) {
        ServerWindowAccumulator acc = s.sum(e);
        if (acc.takeChanged()) {
          String key = key(slot, s, e);
          if (acc.isEmpty()) {
            sums.delete(key);
          } else {
            String server = NO_SERVER.equals(s.server(e)) ? null : s.server(e);
            sums.put(
                key,
                acc.toStats(s.pool(e), server, slot.windowStart(), slot.windowStart() + windowMs));
          }
        }
      }
    }
    if (watermark != Long.MIN_VALUE) {
      sums.put(DATA_WATERMARK, Watermarks.value(DATA_WATERMARK, watermark));
      sums.put(ANNOUNCED_WATERMARK, Watermarks.value(ANNOUNCED_WATERMARK, announced));
    }
  }

  private static String key(OpenWindow slot, ServerSums s, int entry) {
    String server = s.server(entry);
    return WindowKeys.key(
        s.pool(entry), slot.windowStart(), NO_SERVER.equals(server) ? null : server);
  }

  /**
   * Back to where the last commit left the task: each unsent sum goes into the window {@code slot}
   * returns for its start; the watermarks stored, else {@code watermark} and {@code announced}, are
   * returned.
   */
  Restored restore(LongFunction<OpenWindow> slot, long watermark, long announced) {
    try (KeyValueIterator<String, ServerWindowStats> it = sums.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        ServerWindowStats s = kv.value;
        if (DATA_WATERMARK.equals(kv.key)) {
          watermark = s.getWindowStart().toEpochMilli();
        } else if (ANNOUNCED_WATERMARK.equals(kv.key)) {
          announced = s.getWindowStart().toEpochMilli();
        } else {
          String server = s.getServer() == null ? NO_SERVER : s.getServer();
          ServerWindowAccumulator acc =
              slot.apply(s.getWindowStart().toEpochMilli()).sums().get(s.getPool(), server);
          acc.add(s);
          acc.takeChanged();
        }
      }
    }
    return new Restored(watermark, announced);
  }
}
