package io.fulcrum.cli;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.replay.ConfigChangesFile;
import io.fulcrum.replay.FastReplay;
import io.fulcrum.replay.JsonLines;
import io.fulcrum.replay.ReplayActuator;
import io.fulcrum.replay.ReplayDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Offline backtest: the real topology over a log file, no broker, results as JSON Lines on stdout.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay an access log through the detection topology (no broker needed).",
      "Prints one JSON object per emitted record on stdout; progress and malformed lines go to stderr."
    })
final class ReplayCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--access-log",
      required = true,
      paramLabel = "FILE",
      description = "Access log (plain or .gz).")
  Path accessLog;

  @Option(
      names = "--format",
      defaultValue = "auto",
      paramLabel = "haproxy|nginx|jsonl|auto",
      description = "Line format (default: ${DEFAULT-VALUE}, decided per line).")
  String format;

  @Option(
      names = "--config-changes",
      paramLabel = "FILE",
      description =
          "JSON Lines of config deploys: {\"timestamp\":\"2026-03-14T09:00:00Z\",\"pool\":\"be_web\",\"version\":\"v41\",\"servers\":{\"web-1\":1}}")
  Path configChanges;

  @Option(
      names = "--window",
      paramLabel = "DURATION",
      description = "Window size, e.g. 10s (default from config: 10s).")
  String window;

  @Option(names = "--grace", paramLabel = "DURATION", description = "Out-of-order grace, e.g. 2s.")
  String grace;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      description = "Zone of HAProxy's local timestamps (default UTC).")
  String timezone;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with fulcrum.* settings (detector thresholds, ...).")
  Path config;

  @Option(
      names = "--pool-windows",
      description = "Also print every closed pool window (type pool-window).")
  boolean poolWindows;

  @Option(
      names = "--actuator",
      defaultValue = "dry-run",
      paramLabel = "dry-run|applied|none",
      description = {
        "How rollback commands are answered, in event time (default: ${DEFAULT-VALUE}).",
        "A recording cannot react to a rollback: dry-run shows whether it recovered by itself; applied",
        "assumes the rollback was made; none leaves commands unanswered (the incident escalates)."
      })
  String actuator;

  @Override
  public Integer call() throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    putIf(env, "FULCRUM_ACCESS_LOG_FORMAT", format);
    putIf(env, "FULCRUM_WINDOW_SIZE", window);
    putIf(env, "FULCRUM_WINDOW_GRACE", grace);
    putIf(env, "FULCRUM_ACCESS_LOG_TIMEZONE", timezone);
    // Replay's commands reach no actuator: sign them with the offline secret unless one is
    // configured.
    env.putIfAbsent("FULCRUM_SIGNING_SECRET", FulcrumSettings.OFFLINE_SECRET);
    env.put("FULCRUM_METRICS_ENABLED", "false");
    ReplayActuator.Mode mode = ReplayActuator.Mode.parse(actuator);
    FulcrumSettings settings = FulcrumSettings.load(config, env);
    if (!Files.isReadable(accessLog)) {
      throw new IllegalArgumentException("--access-log: cannot read " + accessLog.toAbsolutePath());
    }
    List<LbConfigChange> changes =
        configChanges == null ? List.of() : ConfigChangesFile.read(configChanges);
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = new Progress(spec.commandLine().getErr());
    try (FastReplay fast = new FastReplay(settings);
        BufferedReader in = open(accessLog)) {
      ReplayDriver driver = fast.driver();
      changes.forEach(driver::configChange);
      long n =
          fast.lines(
              in,
              count -> {
                if (driver.hasCommands()) {
                  answer(driver, out, mode);
                }
                if (count % 65536 == 0) {
                  drain(fast, out, progress);
                  progress.lines(count);
                }
              });
      fast.finish();
      answer(driver, out, mode);
      drain(fast, out, progress);
      out.flush();
      progress.done(n);
    }
    return 0;
  }

  /** Prints new commands (and what led to them) and feeds the simulated actuator's results back. */
  private void answer(ReplayDriver driver, PrintWriter out, ReplayActuator.Mode mode) {
    List<RollbackCommand> commands = driver.commands();
    printAnomaliesAndIncidents(driver, out);
    for (RollbackCommand c : commands) {
      out.println(JsonLines.line("rollback", c));
      ReplayActuator.respond(c, mode)
          .ifPresent(
              r -> {
                out.println(JsonLines.line("remediation-result", r));
                driver.remediationResult(r);
              });
    }
  }

  private static void printAnomaliesAndIncidents(ReplayDriver driver, PrintWriter out) {
    for (AnomalyEvent a : driver.anomalies()) {
      out.println(JsonLines.line("anomaly", a));
    }
    for (Incident i : driver.incidents()) {
      out.println(JsonLines.line("incident", i));
    }
  }

  private void drain(FastReplay fast, PrintWriter out, Progress progress) {
    ReplayDriver driver = fast.driver();
    printAnomaliesAndIncidents(driver, out);
    List<PoolWindow> windows = driver.poolWindows();
    if (poolWindows) {
      windows.forEach(w -> out.println(JsonLines.line("pool-window", w)));
    }
    fast.deadLetterReasons().forEach(progress::malformed);
  }

  private static BufferedReader open(Path file) throws IOException {
    var stream = Files.newInputStream(file);
    var source = file.toString().endsWith(".gz") ? new GZIPInputStream(stream, 1 << 16) : stream;
    return new BufferedReader(
        new java.io.InputStreamReader(source, StandardCharsets.UTF_8), 1 << 16);
  }

  private static void putIf(Map<String, String> env, String key, String value) {
    if (value != null) {
      env.put(key, value);
    }
  }

  /** Progress on stderr: at most once a second, plus the first few malformed-line reasons. */
  static final class Progress {
    private static final int SHOWN_REASONS = 5;
    private final PrintWriter err;
    private final long t0 = System.nanoTime();
    private long lastPrint = t0;
    private long malformed;

    Progress(PrintWriter err) {
      this.err = err;
    }

    void lines(long n) {
      long now = System.nanoTime();
      if (now - lastPrint >= 1_000_000_000L) {
        lastPrint = now;
        err.printf(
            "replay: %,d lines, %,.0f lines/s, %,d malformed%n", n, n / seconds(now), malformed);
        err.flush();
      }
    }

    void malformed(String reason) {
      if (++malformed <= SHOWN_REASONS) {
        err.println("replay: malformed line skipped: " + reason);
      }
    }

    void done(long n) {
      long now = System.nanoTime();
      err.printf(
          "replay: done: %,d lines in %.1f s (%,.0f lines/s), %,d malformed%n",
          n, seconds(now), n / seconds(now), malformed);
      err.flush();
    }

    private double seconds(long now) {
      return Math.max(1e-9, (now - t0) / 1e9);
    }
  }
}
