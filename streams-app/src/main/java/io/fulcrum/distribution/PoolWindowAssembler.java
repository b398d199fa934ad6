package io.fulcrum.distribution;

import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.avro.internal.ConfigHistory;
import io.fulcrum.avro.internal.PoolMembership;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.window.Slices;
import io.fulcrum.window.Watermarks;
import io.fulcrum.window.WindowKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges per-server partials into per-pool windows and closes each window once event time passes
 * its end plus grace. Event time is the lowest {@link Watermarks watermark} of the input tasks
 * ({@link SourceWatermarks}), so a window waits for a lagging, restarting or cut-off task's sums;
 * an input task whose input went quiet, and which has read its partition to the end, lets its
 * watermark follow the wall clock, so silent pools still close windows and can be flagged. A closed
 * window lists every member (declared in the active config, or seen within the membership TTL),
 * zero-traffic ones included. A partial for a window already closed is counted and logged as late,
 * never merged into a later window.
 *
 * <p>Slices (see {@link Slices}) are summed apart and forwarded, as {@link ClosedWindow#slice()
 * slice} windows, as soon as event time passes their end: a second after the requests, not a window
 * plus grace.
 */
public final class PoolWindowAssembler
    implements Processor<String, ServerWindowStats, String, ClosedWindow> {
  public static final String OPEN_WINDOWS = "open-windows";
  public static final String MEMBERSHIP = "pool-membership";
  public static final String SOURCE_WATERMARKS = "source-watermarks";
  private static final Logger log = LoggerFactory.getLogger(PoolWindowAssembler.class);

  private final long windowMs;
  private final long graceMs;
  private final long membershipTtlMs;
  private final long forgetAfterMs;
  private final Duration tick;
  private final long maxHoldMs;
  private final long startupHoldMs;

  /**
   * A fresh pool task closes nothing until startupHold after the first watermark: every input task
   * has spoken.
   */
  private boolean holding;

  private long firstHeardAt = Long.MIN_VALUE;
  private final LateCounter late;
  private final LatePartials latePartials;
  private ProcessorContext<String, ClosedWindow> context;
  private KeyValueStore<String, ServerWindowStats> open;
  private KeyValueStore<String, PoolMembership> membership;
  private KeyValueStore<String, ConfigHistory> configs;
  private SourceWatermarks sources;
  private final Map<String, PoolMembership> pools = new HashMap<>();
  private final SliceBuffer slices = new SliceBuffer();
  private long eventTime = Long.MIN_VALUE;

  /** Earliest time at which some pool has a window to close: skips the scan on most partials. */
  private long nextDue = Long.MIN_VALUE;

  private LongSupplier wallClock = System::currentTimeMillis;

  /** Windows held this long get a log line saying by whom, once per this long. */
  private static final long HELD_LOG_MS = 30_000;

  private long lastProgressWall = Long.MIN_VALUE;
  private long lastHeldLog = 0;

  /**
   * @param maxHold how long an input task that fell silent holds windows back before they close
   *     without it
   * @param startupHold how long a fresh pool task waits after the first watermark before it closes
   *     a window, so that every input task has been heard from; zero where there is a single input
   *     task (the replay)
   */
  public PoolWindowAssembler(
      Duration window,
      Duration grace,
      Duration membershipTtl,
      Duration forgetAfter,
      Duration tick,
      Duration maxHold,
      Duration startupHold,
      LateCounter late) {
    this.windowMs = window.toMillis();
    this.graceMs = grace.toMillis();
    this.membershipTtlMs = membershipTtl.toMillis();
    this.forgetAfterMs = forgetAfter.toMillis();
    this.tick = tick;
    this.maxHoldMs = maxHold.toMillis();
    this.startupHoldMs = startupHold.toMillis();
    this.late = late;
    this.latePartials = new LatePartials(late);
  }

  @Override
  public void init(ProcessorContext<String, ClosedWindow> context) {
    this.context = context;
    this.open = context.getStateStore(OPEN_WINDOWS);
    this.membership = context.getStateStore(MEMBERSHIP);
    this.configs = context.getStateStore(ConfigHistoryUpdater.STORE);
    try (KeyValueIterator<String, PoolMembership> it = membership.all()) {
      it.forEachRemaining(kv -> pools.put(kv.key, kv.value));
    }
    // After a restart, event time is at least where the closed windows left it: without this a
    // restart during an input outage would leave silent pools unreported.
    pools.values().stream()
        .mapToLong(PoolMembership::getNextWindowStart)
        .max()
        .ifPresent(next -> eventTime = next + graceMs);
    wallClock = context::currentSystemTimeMs;
    sources =
        new SourceWatermarks(
            context.getStateStore(SOURCE_WATERMARKS), maxHoldMs, wallClock.getAsLong());
    // Input tasks start processing one after another; in a catch-up the first can be minutes of
    // event time ahead
    // before the last has sent anything. With no watermarks restored, wait until all have had time
    // to speak.
    holding = startupHoldMs > 0 && sources.isEmpty();
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
  }

  @Override
  public void process(Record<String, ServerWindowStats> record) {
    String pool = record.key();
    if (Watermarks.isWatermark(pool)) {
      long wall = wallClock.getAsLong();
      String source = Watermarks.source(pool);
      long watermark = record.value().getWindowStart().toEpochMilli();
      if (sources.advance(source, watermark, Watermarks.tasks(record.value()), wall)) {
        log.info("input task {} is heard from again; windows wait for it as before", source);
      }
      if (firstHeardAt == Long.MIN_VALUE) {
        firstHeardAt = wall;
      }
      follow(wall);
      return;
    }
    ServerWindowStats partial = record.value();
    long windowStart = partial.getWindowStart().toEpochMilli();
    if (Slices.isSlice(partial, windowMs)) {
      long end = partial.getWindowEnd().toEpochMilli();
      if (end > eventTime) { // a late slice is no use to the fast path, and counts nowhere else
        slices.add(
            pool,
            partial.getServer(),
            windowStart,
            end,
            partial.getCount(),
            partial.getErrors5xx());
      }
      return;
    }
    PoolMembership m = pools.get(pool);
    if (m == null) {
      m =
          PoolMembership.newBuilder()
              .setPool(pool)
              .setNextWindowStart(windowStart)
              .setLastTrafficAt(windowStart)
              .setMembers(new HashMap<>())
              .build();
      save(m);
    }
    if (windowStart < m.getNextWindowStart() && windowStart + windowMs + graceMs <= eventTime) {
      latePartials.late(pool, windowStart, partial);
    } else {
      if (windowStart < m.getNextWindowStart()) {
        // A new pool, first heard of by a task ahead of another: this earlier window has not been
        // closed yet.
        m = PoolMembership.newBuilder(m).setNextWindowStart(windowStart).build();
        save(m);
      }
      String key = WindowKeys.key(pool, windowStart, partial.getServer());
      ServerWindowStats existing = open.get(key);
      open.put(key, existing == null ? partial : PoolWindowSums.merge(existing, partial));
    }
    closeDue(eventTime); // a new pool's first window may already be due
  }

  /**
   * Nothing closes before every input task of a known sub-topology has spoken, nor during the
   * start-up hold.
   */
  private boolean held(long wall) {
    if (holding && firstHeardAt != Long.MIN_VALUE && wall - firstHeardAt >= startupHoldMs) {
      holding = false;
    }
    return holding || !sources.complete();
  }

  private void follow(long wall) {
    if (held(wall)) {
      return;
    }
    long lowest = sources.lowest();
    if (lowest != SourceWatermarks.NONE && lowest > eventTime) {
      eventTime = lowest;
      lastProgressWall = wall;
      // In the order they close: after a jump (a catch-up, the start-up hold) the fast path must
      // see the baseline
      // and version history that the windows before its slices built.
      for (long end = slices.earliestEnd(); end <= eventTime; end = slices.earliestEnd()) {
        closeDue(end);
        closeSlices(end);
      }
      closeDue(eventTime);
    }
  }

  private void onWallClock(long wallNow) {
    sources.persist();
    if (lastProgressWall == Long.MIN_VALUE) {
      lastProgressWall = wallNow;
    }
    if (wallNow - lastProgressWall >= HELD_LOG_MS
        && wallNow - lastHeldLog >= HELD_LOG_MS
        && !pools.isEmpty()) {
      lastHeldLog = wallNow;
      log.info(
          "no window has closed for {} s: {}",
          (wallNow - lastProgressWall) / 1000,
          sources.describe());
    }
    for (String gone : sources.expire(wallNow)) {
      log.warn(
          "input task {} not heard from for {} s (fulcrum.input.max-hold): windows close without it from now "
              + "on, and whatever it sends for them later is counted as late",
          gone,
          maxHoldMs / 1000);
      late.sourceLeftOut(gone);
    }
    follow(wallNow);
  }

  private void closeSlices(long now) {
    if (slices.isEmpty()) {
      return;
    }
    for (SliceBuffer.Slice s : slices.closeUpTo(now)) {
      ConfigTimeline config = new ConfigTimeline(configs.get(s.pool()));
      Map<String, Double> declared =
          config.activeAt(s.end() - 1).map(ConfigEntry::getWeights).orElse(null);
      PoolObservation o =
          new PoolObservation(s.pool(), s.start(), s.end(), s.servers(), s.noServer(), declared);
      context.forward(new Record<>(s.pool(), new ClosedWindow(o, s.end(), config, true), s.end()));
    }
  }

  private void closeDue(long now) {
    if (now < nextDue) {
      return;
    }
    long earliest = Long.MAX_VALUE;
    for (PoolMembership m : new ArrayList<>(pools.values())) {
      while (m != null && m.getNextWindowStart() + windowMs + graceMs <= now) {
        m = close(m, now);
      }
      if (m != null) {
        earliest = Math.min(earliest, m.getNextWindowStart() + windowMs + graceMs);
      }
    }
    nextDue = earliest;
  }

  private PoolMembership close(PoolMembership m, long now) {
    String pool = m.getPool();
    long start = m.getNextWindowStart();
    long end = start + windowMs;
    ConfigTimeline config = new ConfigTimeline(configs.get(pool));
    PoolWindowSums sums = PoolWindowSums.take(open, pool, start);

    Map<String, Long> members = new HashMap<>(m.getMembers());
    members.values().removeIf(lastSeen -> lastSeen < end - membershipTtlMs);
    sums.markSeen(members, end);
    Map<String, Double> declared =
        config.activeAt(end - 1).map(ConfigEntry::getWeights).orElse(null);
    if (declared != null) {
      sums.list(declared.keySet());
    }
    sums.list(members.keySet());

    boolean traffic = sums.traffic();
    long lastTraffic = traffic ? end : m.getLastTrafficAt();
    if (!traffic && end - lastTraffic > forgetAfterMs) {
      // Silent for longer than anyone cares: forget the pool instead of reporting it forever, and
      // tell the steps
      // downstream (a null window) so that they forget it too.
      pools.remove(pool);
      membership.delete(pool);
      context.forward(new Record<>(pool, null, end + graceMs));
      return null;
    }
    PoolObservation observation = sums.observation(pool, start, end, declared);
    // The window's own close time, however late event time was seen to pass it (a watermark a flush
    // interval
    // further, a jump after idling): outputs stamped with it do not depend on when watermarks
    // happened to arrive.
    long closedAt = end + graceMs;
    context.forward(new Record<>(pool, new ClosedWindow(observation, closedAt, config), closedAt));

    PoolMembership next =
        PoolMembership.newBuilder(m)
            .setNextWindowStart(end)
            .setLastTrafficAt(lastTraffic)
            .setMembers(members)
            .build();
    save(next);
    return next;
  }

  private void save(PoolMembership m) {
    nextDue =
        Math.min(
            nextDue == Long.MIN_VALUE ? Long.MAX_VALUE : nextDue,
            m.getNextWindowStart() + windowMs + graceMs);
    pools.put(m.getPool(), m);
    membership.put(m.getPool(), m);
  }

  /**
   * Metrics hooks for partials that arrived after their window closed, and input tasks left out.
   */
  public interface LateCounter {
    void late(String pool, long requests);

    /** An input task silent for longer than the maximum hold: windows close without it. */
    default void sourceLeftOut(String source) {}

    LateCounter NONE = (pool, requests) -> {};
  }
}
