package io.fulcrum.window;

import io.fulcrum.avro.ServerWindowStats;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Watermark records on the pool-partials topic. After each flush an input task sends its event-time watermark to
 * every partition, keyed by its task id, so a pool task knows how far each input task has got and closes a window
 * only once all of them are past it: a task lagging another in a catch-up no longer has its sums dropped as late.
 * The key cannot be a pool name (it starts with NUL); the value is an empty sum.
 */
public final class Watermarks {
  private static final String PREFIX = "\u0000watermark\u0000";

  private Watermarks() {}

  public static String key(String source) {
    return PREFIX + source;
  }

  public static boolean isWatermark(String key) {
    return key != null && key.startsWith(PREFIX);
  }

  /** The input task that sent a watermark record. */
  public static String source(String key) {
    return key.substring(PREFIX.length());
  }

  static ServerWindowStats value(String key, long watermark) {
    return new ServerWindowAccumulator().toStats(key, null, watermark, watermark);
  }

  /** Watermarks to every partition; pools where the default partitioner puts them, as for the results topic. */
  public static StreamPartitioner<String, ServerWindowStats> partitioner() {
    return (topic, key, value, numPartitions) -> {
      if (!isWatermark(key)) {
        return Optional.empty();
      }
      Set<Integer> all = new HashSet<>(numPartitions * 2);
      for (int p = 0; p < numPartitions; p++) {
        all.add(p);
      }
      return Optional.of(all);
    };
  }
}
