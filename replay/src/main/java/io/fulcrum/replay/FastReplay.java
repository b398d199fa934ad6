package io.fulcrum.replay;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.FulcrumTopology;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.ingest.MalformedInputException;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.ingest.stream.ParseLinesProcessor;
import io.fulcrum.window.InputProgress;
import io.fulcrum.window.ServerWindowPreAggregator;
import java.io.BufferedReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Replay for big logs. The per-line part of the topology (parsing, pre-aggregation per pool, server
 * and window) runs in-process with the topology's own processors; only the small partials they emit
 * go through {@link ReplayDriver}'s test driver, onto the pool-partials repartition topic, exactly
 * as the input task would have sent them. Outputs equal those of feeding every line to {@link
 * ReplayDriver} ({@code FastReplayTest}); the driver's per-record overhead is paid per partial
 * instead of per line. Not thread-safe.
 */
public final class FastReplay implements AutoCloseable {
  private final FulcrumSettings settings;
  private final ReplayDriver driver;
  private final InlineContext.FixedKeyRecords<byte[], ParsedRequest> parseContext;
  private final InlineContext.Records<String, ServerWindowStats> aggregateContext;
  private final ParseLinesProcessor parse;
  private final ServerWindowPreAggregator aggregate;
  private final List<String> deadLetterReasons = new ArrayList<>();
  private long lines;

  public FastReplay(FulcrumSettings settings) {
    this.settings = settings;
    this.driver = new ReplayDriver(settings);
    // The driver's wall clock starts at the epoch; the inline processors share that clock.
    // One input, read through before the clock moves; nothing to make durable in a process that
    // replays a file.
    this.aggregate =
        new ServerWindowPreAggregator(
            settings.windowSize(),
            settings.grace(),
            settings.flushInterval(),
            settings.idleCloseAfter(),
            InputProgress.ALWAYS_CAUGHT_UP,
            settings.topics().accessLogs(),
            Optional.empty(),
            FulcrumTopology.slicing(settings, ctx -> driver::changedBetween));
    this.aggregateContext =
        new InlineContext.Records<>(0L, r -> driver.partial(r.key(), r.value(), r.timestamp()));
    aggregate.init(aggregateContext);
    this.parse =
        new ParseLinesProcessor(
            settings.accessLogFormat(), settings.accessLogZone(), driver.metrics());
    // parse() returns what process() would forward: nothing is forwarded through this context.
    this.parseContext =
        new InlineContext.FixedKeyRecords<>(
            0L,
            r -> {
              throw new IllegalStateException("the fast replay calls parse() directly");
            });
    parse.init(parseContext);
  }

  /**
   * One raw access-log line. A malformed one is dead-lettered with its reason, as the topology
   * would.
   */
  public void line(String line) {
    lines++;
    ParsedRequest parsed;
    try {
      parsed = parse.parse(line);
    } catch (MalformedInputException e) {
      deadLetterReasons.add(e.getMessage());
      return;
    }
    if (parsed != null) {
      aggregate.add(parsed);
    }
  }

  /**
   * Replays every line of {@code in}, read on a second thread. {@code afterLine} runs on this
   * thread after each line with the count so far: where a caller answers rollback commands and
   * reports progress.
   *
   * @return the number of lines
   */
  public long lines(BufferedReader in, LongConsumer afterLine) {
    long n = 0;
    try (LineBatches batches = LineBatches.start(in)) {
      for (String[] batch = batches.next(); batch != null; batch = batches.next()) {
        for (String line : batch) {
          if (line == null) {
            break;
          }
          line(line);
          afterLine.accept(++n);
        }
      }
    }
    return n;
  }

  /**
   * One already-parsed request, straight into pre-aggregation (benchmarks feed synthetic fleets
   * this way).
   */
  public void request(ParsedRequest request) {
    aggregate.add(request);
  }

  public void configChange(LbConfigChange change) {
    driver.configChange(change);
  }

  public long lines() {
    return lines;
  }

  /** End of input: the same wall-clock steps as {@link ReplayDriver#finish()}, for both halves. */
  public void finish() {
    Duration step = settings.flushInterval();
    long total = settings.windowSize().toMillis() + settings.grace().toMillis() + step.toMillis();
    for (long t = 0; t < total; t += step.toMillis()) {
      // The driver punctuates first and processes the flushed partials after, as in one task.
      driver.advanceWallClock(step);
      parseContext.advanceWallClock(step);
      aggregateContext.advanceWallClock(step);
    }
  }

  /** Anomalies emitted since the last call. */
  public List<AnomalyEvent> anomalies() {
    return driver.anomalies();
  }

  /** Closed pool windows emitted since the last call. */
  public List<PoolWindow> poolWindows() {
    return driver.poolWindows();
  }

  /** Reasons of the lines dead-lettered since the last call. */
  public List<String> deadLetterReasons() {
    List<String> out = List.copyOf(deadLetterReasons);
    deadLetterReasons.clear();
    return out;
  }

  public ReplayDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    driver.close();
  }
}
