package io.fulcrum.window;

import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.ingest.ParsedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sums requests per (pool, server, window) in memory and forwards the sums as partial
 * {@link ServerWindowStats} keyed by pool, so raw events are never repartitioned: a pool serving
 * 50k req/s sends one small record per server per flush downstream. Flushes every
 * {@code flushInterval} of event time and of wall-clock time (for idle inputs).
 *
 * <p>Forwarded partials carry this task's event-time watermark as timestamp (capped just below their
 * own window's close), which is what lets the pool assembler close windows in event time. Sums not yet flushed when a task crashes are
 * recounted or lost (up to one flush interval): acceptable for statistics, and why flushes are short.
 */
public final class ServerWindowPreAggregator implements Processor<byte[], ParsedRequest, String, ServerWindowStats> {
  /** Internal name for requests the LB routed to no server. */
  static final String NO_SERVER = "\u0000";

  private final long windowMs;
  private final long graceMs;
  private final long flushMs;
  private final List<Slot> slots = new ArrayList<>(4);
  private ProcessorContext<String, ServerWindowStats> context;
  private long watermark = Long.MIN_VALUE;
  private long nextFlushAt = Long.MIN_VALUE;

  /** One window's sums: pool -> server -> accumulator. */
  private record Slot(long windowStart, Map<String, Map<String, ServerWindowAccumulator>> pools) {}

  public ServerWindowPreAggregator(Duration windowSize, Duration grace, Duration flushInterval) {
    this.windowMs = windowSize.toMillis();
    this.graceMs = grace.toMillis();
    this.flushMs = Math.max(1, flushInterval.toMillis());
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
    slot(windowStart).pools().computeIfAbsent(r.pool(), p -> new HashMap<>())
        .computeIfAbsent(server, s -> new ServerWindowAccumulator())
        .add(ts, r.status(), r.latencyMs());
    if (ts > watermark) {
      watermark = ts;
      if (nextFlushAt == Long.MIN_VALUE) {
        nextFlushAt = ts + flushMs;
      } else if (ts >= nextFlushAt) {
        flush();
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
    Slot s = new Slot(windowStart, new HashMap<>());
    slots.add(s);
    return s;
  }

  void flush() {
    if (slots.isEmpty()) {
      return;
    }
    // Oldest window first, and a window's own partials never stamped past its close time: a window
    // is closed downstream only by a later window's partial, after all of its own have arrived.
    slots.sort(java.util.Comparator.comparingLong(Slot::windowStart));
    for (Slot slot : slots) {
      long end = slot.windowStart() + windowMs;
      long stamp = Math.min(watermark, end + graceMs - 1);
      slot.pools().forEach((pool, servers) -> servers.forEach((server, acc) -> {
        String name = NO_SERVER.equals(server) ? null : server;
        context.forward(new Record<>(pool, acc.toStats(pool, name, slot.windowStart(), end), stamp));
      }));
    }
    slots.clear();
  }

  @Override
  public void close() {
    // Kafka Streams forbids forwarding from close(); unflushed sums are the documented loss.
  }
}
