package io.fulcrum.window;

import io.fulcrum.avro.ServerWindowStats;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Watermark records on the pool-partials topic. After each flush an input task sends its event-time
 * watermark to every partition, keyed by its task id, so a pool task knows how far each input task
 * has got and closes a window only once all of them are past it: a task lagging another in a
 * catch-up no longer has its sums dropped as late. The key cannot be a pool name (it starts with
 * NUL); the value is an empty sum whose window start is the watermark and whose count is the number
 * of input tasks of the sender's sub-topology (its input topic's partitions; 0 if unknown), so that
 * a pool task knows how many to wait for.
 *
 * <p>Two watermarks are not times: {@link #HOLD}, from a running input task that has not read a
 * record yet but has some to read (every window waits for it), and {@link #EMPTY}, from one whose
 * partition has nothing to read (no window waits for it until its first record).
 */
public final class Watermarks {
  private static final String PREFIX = "\u0000watermark\u0000";

  /** Lower than any event time: "I have records to read and have read none yet". */
  public static final long HOLD = Long.MIN_VALUE + 1;

  /** "My partition has nothing to read": holds nothing back, until the task's first record. */
  public static final long EMPTY = Long.MAX_VALUE;

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
    return value(key, watermark, 0);
  }

  static ServerWindowStats value(String key, long watermark, int tasks) {
    ServerWindowStats s = new ServerWindowAccumulator().toStats(key, null, watermark, watermark);
    s.setCount(tasks);
    return s;
  }

  /** The number of input tasks of the sender's sub-topology; 0 if it did not know. */
  public static int tasks(ServerWindowStats watermark) {
    return (int) watermark.getCount();
  }

  /** The sub-topology of an input task id such as {@code 1_4}. */
  public static String group(String source) {
    int u = source.indexOf('_');
    return u < 0 ? source : source.substring(0, u);
  }

  /**
   * Watermarks to every partition; pools where the default partitioner puts them, as for the
   * results topic.
   */
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
