package io.fulcrum.window;

import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.ingest.ParsedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sums requests per (pool, server, window) in memory and forwards the sums as partial
 * {@link ServerWindowStats} keyed by pool, so raw events are never repartitioned: a pool serving
 * 50k req/s sends one small record per server per window downstream, plus what the wall-clock flush sends.
 *
 * <p>Every {@code flushInterval} of event time it sends the sums of the windows that have ended; every
 * {@code flushInterval} of wall-clock time (live traffic, idle inputs) everything it holds. Each flush ends with a
 * {@link Watermarks} record carrying this task's event-time watermark to every pool partition: the pool assembler
 * closes a window once every input task is past it, so holding the open window back loses nothing. A task that
 * has had no input for {@code idleAfter} of wall-clock time lets the watermark it sends follow the wall clock (and
 * be at least the clock less {@code idleAfter}), so that a quiet partition does not hold windows back and silent
 * pools still close windows. Sums not yet
 * flushed when a task crashes are recounted or lost (up to one flush interval): acceptable for statistics, and why
 * flushes are short.
 */
public final class ServerWindowPreAggregator implements Processor<byte[], ParsedRequest, String, ServerWindowStats> {
  /** Internal name for requests the LB routed to no server. */
  static final String NO_SERVER = "\u0000";

  private final long windowMs;
  private final long graceMs;
  private final long flushMs;
  private final long idleMs;
  /** Open windows, oldest first. */
  private final List<Slot> slots = new ArrayList<>(4);
  private ProcessorContext<String, ServerWindowStats> context;
  private String watermarkKey;
  private long watermark = Long.MIN_VALUE;
  private long nextFlushAt = Long.MIN_VALUE;
  private boolean inputSinceTick;
  private long lastInputWall = Long.MIN_VALUE;

  /** One window's sums. */
  private record Slot(long windowStart, ServerSums sums) {}

  public ServerWindowPreAggregator(Duration windowSize, Duration grace, Duration flushInterval, Duration idleAfter) {
    this.windowMs = windowSize.toMillis();
    this.graceMs = grace.toMillis();
    this.flushMs = Math.max(1, flushInterval.toMillis());
    this.idleMs = idleAfter.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, ServerWindowStats> context) {
    this.context = context;
    this.watermarkKey = Watermarks.key(context.taskId().toString());
    context.schedule(Duration.ofMillis(flushMs), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
  }

  @Override
  public void process(Record<byte[], ParsedRequest> record) {
    add(record.value());
  }

  /** Adds one request (after {@link #init}); the fast replay's entry point, which skips the record wrappers. */
  public void add(ParsedRequest r) {
    long ts = r.timestampMs();
    long windowStart = ts - Math.floorMod(ts, windowMs);
    inputSinceTick = true;
    String server = r.server() == null ? NO_SERVER : r.server();
    slot(windowStart).sums().get(r.pool(), server).add(ts, r.status(), r.latencyMs());
    if (ts > watermark) {
      boolean first = watermark == Long.MIN_VALUE;
      watermark = ts;
      if (first) {
        // Announce this task at once, so that pool tasks wait for it from its first record on.
        sendWatermark(watermark);
        nextFlushAt = ts + flushMs;
      } else if (ts >= nextFlushAt) {
        flush(false);
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

  private boolean closes(Slot slot) {
    return slot.windowStart() + windowMs + graceMs <= watermark;
  }

  private void onWallClock(long wallNow) {
    if (inputSinceTick || lastInputWall == Long.MIN_VALUE) {
      lastInputWall = wallNow;
      inputSinceTick = false;
    }
    long quiet = wallNow - lastInputWall;
    // Quiet: event time goes on as the clock does, and is at least the clock's own time less the idle time, for a
    // partition that ran out of old records (a catch-up) must not hold back the others with its old watermark.
    flush(true, quiet >= idleMs && watermark != Long.MIN_VALUE
        ? Math.max(watermark + quiet, wallNow - idleMs) : watermark);
  }

  /**
   * Oldest window first, each sum stamped with the watermark but never past its window's close; then the watermark
   * record. A full flush sends every sum, an event-time one those of the windows that have ended. Windows that can
   * close are forgotten after this: a request for one of them later starts a new sum, which the assembler counts as
   * late.
   */
  private void flush(boolean full) {
    flush(full, watermark);
  }

  private void flush(boolean full, long announced) {
    if (watermark == Long.MIN_VALUE) {
      return;
    }
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      long end = slot.windowStart() + windowMs;
      if (!full && end > watermark) {
        continue;
      }
      long stamp = Math.min(watermark, end + graceMs - 1);
      ServerSums sums = slot.sums();
      for (int e = 0; e < sums.size(); e++) {
        ServerWindowAccumulator acc = sums.sum(e);
        if (!acc.isEmpty()) {
          String pool = sums.pool(e);
          String server = sums.server(e);
          String name = NO_SERVER.equals(server) ? null : server;
          context.forward(new Record<>(pool, acc.toStats(pool, name, slot.windowStart(), end), stamp));
          acc.reset();
        }
      }
    }
    slots.removeIf(this::closes);
    sendWatermark(announced);
  }

  private void sendWatermark(long at) {
    context.forward(new Record<>(watermarkKey, Watermarks.value(watermarkKey, at), at));
  }

  @Override
  public void close() {
    // Kafka Streams forbids forwarding from close(); unflushed sums are the documented loss.
  }
}
