package io.fulcrum.window;

import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.ingest.ParsedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sums requests per (pool, server, window) in memory and forwards the sums as partial
 * {@link ServerWindowStats} keyed by pool, so raw events are never repartitioned: a pool serving
 * 50k req/s sends one small record per server per flush downstream. Flushes everything every
 * {@code flushInterval} of wall-clock time (live traffic, idle inputs) and, in the topology, of event time.
 *
 * <p>Forwarded partials carry this task's event-time watermark as timestamp (capped just below their
 * own window's close), which is what lets the pool assembler close windows in event time. Sums not yet flushed when a task crashes are
 * recounted or lost (up to one flush interval): acceptable for statistics, and why flushes are short.
 */
public final class ServerWindowPreAggregator implements Processor<byte[], ParsedRequest, String, ServerWindowStats> {
  /** Internal name for requests the LB routed to no server. */
  static final String NO_SERVER = "\u0000";

  /** What the event-time flush sends; the wall-clock flush always sends everything. */
  public enum EventTimeFlush {
    /**
     * Every sum at every point of the {@code flushInterval} grid. The pool assembler closes a window on the first
     * partial past its close, from whichever input task is ahead; sending often bounds what a task lagging behind
     * loses to one flush interval of its sums, and to nothing while it lags by less than grace minus one flush
     * interval. What the topology uses.
     */
    EVERY_POINT,
    /**
     * Only windows that have ended: a window's sums at the first grid point past its end, its stragglers at the
     * next ones, and at the point where it can close, one sum per pool of the newer window to carry the watermark.
     * Windows close at the same event time with the same sums as with {@link #EVERY_POINT}, but the open window is
     * not cut into a record per server per grid point. Only where one input task feeds the assembler (the fast
     * replay): a task lagging another would lose its whole window.
     */
    ENDED_WINDOWS
  }

  private final long windowMs;
  private final long graceMs;
  private final long flushMs;
  private final EventTimeFlush eventTimeFlush;
  /** Open windows, oldest first. */
  private final List<Slot> slots = new ArrayList<>(4);
  private ProcessorContext<String, ServerWindowStats> context;
  private long watermark = Long.MIN_VALUE;
  private long nextFlushAt = Long.MIN_VALUE;
  /** Pools that got their watermark carrier in the current flush. */
  private final Set<String> carried = new HashSet<>();

  /** One window's sums. */
  private record Slot(long windowStart, ServerSums sums) {}

  /** The topology's pre-aggregator: {@link EventTimeFlush#EVERY_POINT}. */
  public ServerWindowPreAggregator(Duration windowSize, Duration grace, Duration flushInterval) {
    this(windowSize, grace, flushInterval, EventTimeFlush.EVERY_POINT);
  }

  public ServerWindowPreAggregator(Duration windowSize, Duration grace, Duration flushInterval,
      EventTimeFlush eventTimeFlush) {
    this.windowMs = windowSize.toMillis();
    this.graceMs = grace.toMillis();
    this.flushMs = Math.max(1, flushInterval.toMillis());
    this.eventTimeFlush = eventTimeFlush;
  }

  @Override
  public void init(ProcessorContext<String, ServerWindowStats> context) {
    this.context = context;
    context.schedule(Duration.ofMillis(flushMs), PunctuationType.WALL_CLOCK_TIME, now -> flush());
  }

  @Override
  public void process(Record<byte[], ParsedRequest> record) {
    add(record.value());
  }

  /** Adds one request (after {@link #init}); the fast replay's entry point, which skips the record wrappers. */
  public void add(ParsedRequest r) {
    long ts = r.timestampMs();
    long windowStart = ts - Math.floorMod(ts, windowMs);
    String server = r.server() == null ? NO_SERVER : r.server();
    slot(windowStart).sums().get(r.pool(), server).add(ts, r.status(), r.latencyMs());
    if (ts > watermark) {
      watermark = ts;
      if (nextFlushAt == Long.MIN_VALUE) {
        nextFlushAt = ts + flushMs;
      } else if (ts >= nextFlushAt) {
        if (eventTimeFlush == EventTimeFlush.EVERY_POINT) {
          flush(true);
        } else if (oldestHasEnded()) {
          flush(false);
        }
        nextFlushAt = ts + flushMs;
      }
    }
  }

  private Slot slot(long windowStart) {
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).windowStart() == windowStart) {
        return slots.get(i);
      }
    }
    Slot s = new Slot(windowStart, new ServerSums());
    int at = 0;
    while (at < slots.size() && slots.get(at).windowStart() < windowStart) {
      at++;
    }
    slots.add(at, s);
    return s;
  }

  private boolean oldestHasEnded() {
    return !slots.isEmpty() && slots.get(0).windowStart() + windowMs <= watermark;
  }

  private boolean oldestCanClose() {
    return !slots.isEmpty() && closes(slots.get(0));
  }

  private boolean closes(Slot slot) {
    return slot.windowStart() + windowMs + graceMs <= watermark;
  }

  /** Everything: the wall-clock flush. */
  void flush() {
    flush(true);
  }

  /**
   * Oldest window first, and a window's own partials never stamped past its close time: a window is closed
   * downstream only by a later window's partial, after all of its own have arrived. Windows that can close
   * are forgotten after this. A full flush sends every sum; a partial one ({@link EventTimeFlush#ENDED_WINDOWS})
   * the sums of windows that have ended and, when one of them can close, one sum per pool of the newer windows,
   * enough to carry the watermark to every pool's partition.
   */
  private void flush(boolean full) {
    boolean closing = oldestCanClose();
    carried.clear();
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      long end = slot.windowStart() + windowMs;
      boolean all = full || end <= watermark;
      long stamp = Math.min(watermark, end + graceMs - 1);
      ServerSums sums = slot.sums();
      for (int e = 0; e < sums.size(); e++) {
        ServerWindowAccumulator acc = sums.sum(e);
        String pool = sums.pool(e);
        if (!acc.isEmpty() && (all || (closing && carried.add(pool)))) {
          String server = sums.server(e);
          String name = NO_SERVER.equals(server) ? null : server;
          context.forward(new Record<>(pool, acc.toStats(pool, name, slot.windowStart(), end), stamp));
          acc.reset();
        }
      }
    }
    slots.removeIf(this::closes);
  }

  @Override
  public void close() {
    // Kafka Streams forbids forwarding from close(); unflushed sums are the documented loss.
  }
}
