package io.fulcrum.bench;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.replay.FastReplay;
import io.fulcrum.replay.ReplayDriver;
import io.fulcrum.sim.HaproxyLogFormatter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Step 4: what {@code fulcrum replay} does (the fast path, {@link FastReplay}) on a large HAProxy
 * log of the benchmark fleet, in lines/s; the old per-line driver path on the first lines of the
 * same log for comparison. Runs in this JVM, so class loading is mostly done by then; the driver's
 * start-up is timed.
 */
final class ReplayPhase {
  private static final String PHASE = "replay";
  private static final long DRIVER_SAMPLE = 100_000;
  private final BenchConfig config;
  private final Report report;

  ReplayPhase(BenchConfig config, Report report) {
    this.config = config;
    this.report = report;
  }

  void run() throws IOException {
    Path log = Files.createTempFile(config.workDir(), "access", ".log");
    List<LbConfigChange> changes = writeLog(log);
    FulcrumSettings settings =
        FulcrumSettings.defaultsWith(Map.of("fulcrum.access-log.format", "haproxy"));

    long t0 = System.nanoTime();
    long[] steadyFrom = new long[2];
    long lines;
    long anomalies;
    try (FastReplay fast = new FastReplay(settings);
        BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      long tStarted = System.nanoTime();
      changes.forEach(fast::configChange);
      long warm = config.replayLines() / 5;
      lines =
          fast.lines(
              in,
              n -> {
                if (n == warm) {
                  steadyFrom[0] = System.nanoTime();
                  steadyFrom[1] = n;
                }
              });
      long tRead = System.nanoTime();
      fast.finish();
      anomalies = fast.anomalies().size();
      double total = (System.nanoTime() - t0) / 1e9;
      double steady = (lines - steadyFrom[1]) / ((tRead - steadyFrom[0]) / 1e9);
      report.add(
          PHASE,
          "fulcrum replay (fast path), whole run",
          Report.rate(lines / total),
          String.format(
              Locale.ROOT,
              "%,d lines in %.2f s, of which %.2f s driver start-up; %d anomalies",
              lines,
              total,
              (tStarted - t0) / 1e9,
              anomalies));
      report.add(
          PHASE,
          "fulcrum replay (fast path), after warm-up",
          Report.rate(steady),
          "last 80% of the lines (target ≥ 1 M/s)");
    }
    report.add(
        PHASE,
        "per-line test-driver path (before)",
        Report.rate(driverRate(log, changes, settings)),
        "first " + DRIVER_SAMPLE / 1000 + " k lines of the same log, for comparison");
    Files.deleteIfExists(log);
  }

  private List<LbConfigChange> writeLog(Path log) throws IOException {
    FleetTraffic fleet =
        FleetTraffic.of(
            config.pools(),
            config.serversPerPool(),
            config.incidentPools(),
            config.rateRps(),
            config.replayLines());
    List<LbConfigChange> changes = new ArrayList<>();
    HaproxyLogFormatter haproxy = new HaproxyLogFormatter();
    StringBuilder sb = new StringBuilder(192);
    try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      IOException[] failure = new IOException[1];
      fleet.play(
          1_780_000_000_000L,
          7,
          r -> {
            sb.setLength(0);
            haproxy.append(sb, r).append('\n');
            try {
              out.append(sb);
            } catch (IOException e) {
              failure[0] = e;
            }
          },
          c -> changes.add(SimRecords.change(c)));
      if (failure[0] != null) {
        throw failure[0];
      }
    }
    return changes;
  }

  private static double driverRate(Path log, List<LbConfigChange> changes, FulcrumSettings settings)
      throws IOException {
    try (ReplayDriver d = new ReplayDriver(settings);
        BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      changes.forEach(d::configChange);
      long t0 = System.nanoTime();
      long n = 0;
      for (String line = in.readLine(); line != null && n < DRIVER_SAMPLE; line = in.readLine()) {
        d.line(line, 0L);
        n++;
      }
      return n / ((System.nanoTime() - t0) / 1e9);
    }
  }
}
