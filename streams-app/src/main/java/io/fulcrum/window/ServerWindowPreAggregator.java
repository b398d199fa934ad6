package io.fulcrum.window;

import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.ingest.ParsedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sums requests per (pool, server, window) in memory and forwards each window's sums, keyed by
 * pool, once the window has ended, so raw events are never repartitioned: a pool serving 50k req/s
 * sends one small record per server per window downstream. Each flush ends with a {@link
 * Watermarks} record carrying this task's event-time watermark to every pool partition: the pool
 * assembler closes a window once every input task is past it.
 *
 * <p>Nothing is lost or counted twice across crashes and rebalances: before each commit the sums
 * not yet forwarded are written to a changelogged store ({@link PreCommitHooks}), in the same
 * transaction as the offsets that fed them, and a task that starts again, here or on another
 * instance, starts from them.
 *
 * <p>An input task that has had no records for {@code idleAfter} lets the watermark it sends follow
 * the wall clock (at least the clock less {@code idleAfter}), so that a quiet partition holds
 * nothing back and silent pools still close windows; but only once {@link InputProgress} says the
 * partition has really been read to its end since the last record. A broker it cannot reach, or a
 * backlog it is still chewing through, holds its watermark where it is.
 *
 * <p>For the fast path, a pool with a fresh config change also gets its requests and 5xx per {@link
 * Slices slice} (a second) forwarded as each slice ends. Those counts are evidence only, never
 * counted as traffic: they are not made durable, and a slice that a crash or a late request leaves
 * short only makes the fast path slower.
 */
public final class ServerWindowPreAggregator
    implements Processor<byte[], ParsedRequest, String, ServerWindowStats> {
  /** Internal name for requests the LB routed to no server. */
  static final String NO_SERVER = "\u0000";

  /** The stores that make the open sums durable; none in the in-process replay. */
  public record Durability(String sumsStore, String hookStore, PreCommitHooks hooks) {}

  /** Which pools had a config change lately: asked once per pool and flush. */
  public interface RecentChanges {
    /** Whether {@code pool} had a config change deployed in {@code [fromMs, toMs]}. */
    boolean changedBetween(String pool, long fromMs, long toMs);
  }

  /**
   * Per-slice counts for the fast path.
   *
   * @param slice how long a slice is; divides the window
   * @param fresh how long after a change its pool's slices are sent
   * @param changes the recent changes, made from the task's context (a global store) at init
   */
  public record Slicing(
      Duration slice, Duration fresh, Function<ProcessorContext<?, ?>, RecentChanges> changes) {}

  private final long windowMs;
  private final long graceMs;
  private final long flushMs;
  private final long idleMs;
  private final InputProgress progress;
  private final String inputTopic;
  private final Optional<Durability> durability;
  private final Optional<Slicing> slicing;
  private final long sliceMs;
  private final int slicesPerWindow;
  private final SliceSender slices;
  private RecentChanges recentChanges;

  /** Open windows, oldest first. */
  private final List<OpenWindow> slots = new ArrayList<>(4);

  /** Windows closed since the last snapshot whose sums the store may still hold. */
  private final List<OpenWindow> retired = new ArrayList<>();

  private ProcessorContext<String, ServerWindowStats> context;
  private String watermarkKey;
  private int partition;
  private SumsSnapshot sums;
  private KeyValueStore<Bytes, byte[]> hook;
  private boolean changed;

  /** Highest event time seen. */
  private long watermark = Long.MIN_VALUE;

  /** Highest watermark sent, which a quiet input may have pushed past {@link #watermark}. */
  private long announced = Long.MIN_VALUE;

  private long nextFlushAt = Long.MIN_VALUE;
  private boolean inputSinceTick;
  private long lastInputWall = Long.MIN_VALUE;

  public ServerWindowPreAggregator(
      Duration windowSize,
      Duration grace,
      Duration flushInterval,
      Duration idleAfter,
      InputProgress progress,
      String inputTopic,
      Optional<Durability> durability) {
    this(
        windowSize,
        grace,
        flushInterval,
        idleAfter,
        progress,
        inputTopic,
        durability,
        Optional.empty());
  }

  public ServerWindowPreAggregator(
      Duration windowSize,
      Duration grace,
      Duration flushInterval,
      Duration idleAfter,
      InputProgress progress,
      String inputTopic,
      Optional<Durability> durability,
      Optional<Slicing> slicing) {
    this.slicing = slicing;
    this.sliceMs = slicing.map(sl -> sl.slice().toMillis()).orElse(0L);
    if (sliceMs > 0 && windowSize.toMillis() % sliceMs != 0) {
      throw new IllegalArgumentException("the slice (" + sliceMs + " ms) must divide the window");
    }
    this.slicesPerWindow = sliceMs > 0 ? (int) (windowSize.toMillis() / sliceMs) : 0;
    this.windowMs = windowSize.toMillis();
    this.graceMs = grace.toMillis();
    this.flushMs = Math.max(1, flushInterval.toMillis());
    this.idleMs = idleAfter.toMillis();
    this.progress = progress;
    this.inputTopic = inputTopic;
    this.durability = durability;
    long freshMs = slicing.map(sl -> sl.fresh().toMillis()).orElse(0L);
    this.slices = new SliceSender(slots, windowMs, graceMs, sliceMs, slicesPerWindow, freshMs);
  }

  @Override
  public void init(ProcessorContext<String, ServerWindowStats> context) {
    this.context = context;
    this.watermarkKey = Watermarks.key(context.taskId().toString());
    this.partition = context.taskId().partition();
    durability.ifPresent(
        d -> {
          sums = new SumsSnapshot(context.getStateStore(d.sumsStore()), windowMs);
          hook = context.getStateStore(d.hookStore());
          restore();
          d.hooks().register(context.taskId(), d.hookStore(), this::snapshot);
        });
    recentChanges = slicing.map(sl -> sl.changes().apply(context)).orElse(null);
    context.schedule(
        Duration.ofMillis(flushMs), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
  }

  @Override
  public void process(Record<byte[], ParsedRequest> record) {
    add(record.value());
  }

  /**
   * Adds one request (after {@link #init}); the fast replay's entry point, which skips the record
   * wrappers.
   */
  public void add(ParsedRequest r) {
    long ts = r.timestampMs();
    long windowStart = ts - Math.floorMod(ts, windowMs);
    inputSinceTick = true;
    String server = r.server() == null ? NO_SERVER : r.server();
    OpenWindow slot = slot(windowStart);
    ServerSums sums = slot.sums();
    int entry = sums.entry(r.pool(), server);
    sums.sum(entry).add(ts, r.status(), r.latencyMs());
    if (sliceMs > 0) {
      slices.count(
          slot, entry, r.pool(), server, (int) ((ts - windowStart) / sliceMs), r.status() >= 500);
    }
    changed();
    if (ts > watermark) {
      boolean first = watermark == Long.MIN_VALUE;
      watermark = ts;
      if (first) {
        // Announce this task at once, so that pool tasks wait for it from its first record on.
        sendWatermark(effective());
        nextFlushAt = ts + flushMs;
      } else if (ts >= nextFlushAt) {
        flush(effective());
        nextFlushAt = ts + flushMs;
      }
    }
  }

  private OpenWindow slot(long windowStart) {
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).windowStart() == windowStart) {
        return slots.get(i);
      }
    }
    OpenWindow s = new OpenWindow(windowStart, new ServerSums());
    int at = 0;
    while (at < slots.size() && slots.get(at).windowStart() < windowStart) {
      at++;
    }
    slots.add(at, s);
    return s;
  }

  private long effective() {
    return Math.max(watermark, announced);
  }

  private void onWallClock(long wallNow) {
    if (inputSinceTick || lastInputWall == Long.MIN_VALUE) {
      lastInputWall = wallNow;
      inputSinceTick = false;
    }
    if (watermark == Long.MIN_VALUE) {
      // No record yet: say whether there is anything to wait for, so that a pool task waits for
      // this task (with
      // records still to read) or not (nothing to read), and knows how many tasks there are.
      long readAt = progress.caughtUpAt(inputTopic, partition, wallNow);
      send(readAt == InputProgress.NEVER ? Watermarks.HOLD : Watermarks.EMPTY, wallNow);
      return;
    }
    long target = effective();
    if (wallNow - lastInputWall >= idleMs) {
      long readAt = progress.caughtUpAt(inputTopic, partition, wallNow);
      if (readAt != InputProgress.NEVER && readAt >= lastInputWall) {
        // Read to the end since the last record: event time goes on as the clock does, and is at
        // least the clock's
        // own time less the idle time, for a partition that ran out of old records (a catch-up)
        // must not hold back
        // the others with its old watermark.
        target = Math.max(target, Math.max(watermark + (readAt - lastInputWall), readAt - idleMs));
      }
    }
    flush(target);
  }

  /**
   * Sends the sums of the windows that have ended by {@code upTo}, oldest first, each stamped with
   * {@code upTo} but never past its window's close, then the watermark. Windows that can close are
   * forgotten after this: a request for one of them later starts a new sum, which the assembler
   * counts as late.
   */
  private void flush(long upTo) {
    if (recentChanges != null) {
      slices.send(upTo, recentChanges, context::forward);
    }
    for (int i = 0; i < slots.size(); i++) {
      OpenWindow slot = slots.get(i);
      long end = slot.windowStart() + windowMs;
      if (end > upTo) {
        break;
      }
      long stamp = Math.min(upTo, end + graceMs - 1);
      ServerSums s = slot.sums();
      for (int e = 0; e < s.size(); e++) {
        ServerWindowAccumulator acc = s.sum(e);
        if (!acc.isEmpty()) {
          String pool = s.pool(e);
          String server = s.server(e);
          String name = NO_SERVER.equals(server) ? null : server;
          context.forward(
              new Record<>(pool, acc.toStats(pool, name, slot.windowStart(), end), stamp));
          acc.reset();
          changed();
        }
      }
    }
    while (!slots.isEmpty() && slots.get(0).windowStart() + windowMs + graceMs <= upTo) {
      OpenWindow closed = slots.remove(0);
      if (hook != null) {
        retired.add(closed); // its keys leave the store at the next snapshot
      }
    }
    sendWatermark(upTo);
  }

  private void sendWatermark(long at) {
    if (at > announced) {
      announced = at;
      changed();
    }
    send(at, at);
  }

  /**
   * The two sentinels are not times a broker would take as a timestamp: they go stamped with the
   * clock.
   */
  private void send(long watermark, long timestamp) {
    context.forward(
        new Record<>(
            watermarkKey,
            Watermarks.value(watermarkKey, watermark, progress.partitions(inputTopic)),
            timestamp));
  }

  private void changed() {
    if (!changed && hook != null) {
      changed = true;
      PreCommitHooks.changed(hook);
    }
  }

  /**
   * Before a commit: the store gets what changed since the last one, so it holds exactly the unsent
   * sums.
   */
  private void snapshot() {
    if (!changed) {
      return;
    }
    changed = false;
    sums.write(retired, slots, watermark, announced);
  }

  /** Back to where the last commit left this task: its unsent sums and its watermarks. */
  private void restore() {
    SumsSnapshot.Restored r = sums.restore(this::slot, watermark, announced);
    watermark = r.watermark();
    announced = r.announced();
    if (watermark != Long.MIN_VALUE) {
      nextFlushAt = watermark + flushMs;
    }
  }

  @Override
  public void close() {
    // Kafka Streams forbids forwarding from close(); what was not forwarded is in the store, as of
    // the last commit.
    durability.ifPresent(d -> d.hooks().unregister(context.taskId(), d.hookStore()));
  }
}
