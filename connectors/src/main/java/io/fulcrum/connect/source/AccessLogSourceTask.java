package io.fulcrum.connect.source;

import io.fulcrum.connect.PluginGauges;
import io.fulcrum.connect.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails this task's share of the access logs. Each record's offset is the position after its line.
 */
public final class AccessLogSourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(AccessLogSourceTask.class);

  private final TailStats stats = new TailStats();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private AccessLogSourceConfig config;
  private LineRecords records;
  private List<FileTail> tails;
  private int next;
  private PluginGauges metrics;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = AccessLogSourceConfig.from(props);
    records = new LineRecords(config, stats);
    tails = new ArrayList<>();
    try {
      for (Path file : config.files()) {
        FileTail tail = new FileTail(file, config.maxLineBytes(), stats);
        tail.resume(storedPosition(file), config.startAtEnd());
        tails.add(tail);
      }
    } catch (IOException e) {
      closeTails();
      throw new ConnectException("cannot open the access logs " + config.files() + ": " + e, e);
    }
    metrics =
        new PluginGauges(context.pluginMetrics())
            .add(
                "access-log-lines-read-total",
                "Complete lines read from the access logs.",
                stats.linesRead::get)
            .add("access-log-rotations-total", "Rename rotations followed.", stats.rotations::get)
            .add(
                "access-log-truncations-total",
                "Truncations (copytruncate) detected.",
                stats.truncations::get)
            .add(
                "access-log-oversized-lines-total",
                "Lines longer than max.line.bytes, skipped.",
                stats.oversizedLines::get)
            .add(
                "access-log-unparsed-lines-total",
                "Lines that did not parse (avro mode), skipped.",
                stats.unparsedLines::get)
            .add(
                "access-log-lost-files-total",
                "Rotated or copied files not found to finish reading.",
                stats.lostRotatedFiles::get);
    log.info(
        "tailing {} to topic {} ({} mode)", config.files(), config.topic(), config.outputMode());
  }

  private TailPosition storedPosition(Path file) {
    Map<String, Object> offset =
        context.offsetStorageReader().offset(LineRecords.sourcePartition(file));
    try {
      return TailPosition.fromOffset(offset);
    } catch (IllegalArgumentException e) {
      throw new ConnectException(
          "stored offset of "
              + file
              + " is unusable; reset it with the offsets REST API: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    List<SourceRecord> out = new ArrayList<>();
    int budget = config.batchSize();
    // Round-robin the starting file so one busy log cannot starve the others.
    for (int i = 0; i < tails.size() && budget > 0; i++) {
      FileTail tail = tails.get((next + i) % tails.size());
      for (LineReader.Line line : read(tail, budget)) {
        budget--;
        SourceRecord r = records.toRecord(tail.path(), line);
        if (r != null) {
          out.add(r);
        }
      }
    }
    next = (next + 1) % Math.max(1, tails.size());
    if (budget == config.batchSize()) {
      stopped.await(config.pollIntervalMs(), TimeUnit.MILLISECONDS);
      return null;
    }
    stats.linesRead.addAndGet(config.batchSize() - budget);
    return out;
  }

  private static List<LineReader.Line> read(FileTail tail, int max) {
    try {
      return tail.poll(max);
    } catch (IOException e) {
      throw new ConnectException("reading " + tail.path() + ": " + e, new UncheckedIOException(e));
    }
  }

  /**
   * Connect 4.x calls this on the task thread once polling has ended, so the files can be closed
   * here.
   */
  @Override
  public void stop() {
    stopped.countDown();
    if (tails != null) {
      closeTails();
    }
    if (metrics != null) {
      metrics.close();
    }
  }

  private void closeTails() {
    for (FileTail t : tails) {
      try {
        t.close();
      } catch (IOException e) {
        log.debug("closing the tail of {}", t.path(), e);
      }
    }
  }
}
