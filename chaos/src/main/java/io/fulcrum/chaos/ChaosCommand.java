package io.fulcrum.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fulcrum chaos}: the fault experiments at a chosen scale, with the figures appended to
 * the report.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
      "Run Fulcrum on brokers and app instances in their own processes, break them (kill -9, broker "
          + "outages, leader failover, scale-out, garbage), and compare every window with ground truth.",
      "Appends a figures table (requests lost, double-counted, duplicate commands, false anomalies, recovery) to "
          + "the reliability report. Exit code 0 when every promise held, 1 when one broke, 2 on bad options."
    })
public final class ChaosCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--experiments",
      split = ",",
      paramLabel = "NAME",
      description =
          "Experiments to run (default: all): kill-owner, scale-out-in, leader-failover, broker-outages, "
              + "config-changes-down, garbage.")
  List<String> experiments;

  @Option(
      names = "--pools",
      defaultValue = "4",
      description = "Pools of the fleet (default: ${DEFAULT-VALUE}).")
  int pools;

  @Option(
      names = "--servers-per-pool",
      defaultValue = "4",
      description = "Servers per pool (default: ${DEFAULT-VALUE}).")
  int servers;

  @Option(
      names = "--rate",
      defaultValue = "400",
      paramLabel = "REQ/S",
      description =
          "Request rate of the fleet; the garbage backlog scales with it (1 M at 400) (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--window",
      defaultValue = "2s",
      paramLabel = "DURATION",
      description = "Fulcrum's window size in the runs (default: ${DEFAULT-VALUE}).")
  String window;

  @Option(
      names = "--report",
      defaultValue = "docs/RELIABILITY.md",
      paramLabel = "FILE",
      description = "Report to append the figures to (default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the runs keep their logs (default: a new temp dir).")
  Path dir;

  @Option(
      names = "--fanout",
      description =
          "Also measure what the watermarks cost: 6 input and pool partitions on 1 "
              + "instance, and 24 on 4 instances, with no fault.")
  boolean fanout;

  @Option(
      names = "--conditions",
      defaultValue = "",
      paramLabel = "TEXT",
      description = "What else ran on the machine, for the report.")
  String conditions;

  @Override
  public Integer call() throws Exception {
    List<Experiments.Experiment> chosen = new ArrayList<>();
    try {
      for (String name :
          experiments == null
              ? Experiments.ALL.stream().map(Experiments.Experiment::name).toList()
              : experiments) {
        chosen.add(Experiments.named(name.trim()));
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--experiments: " + e.getMessage());
    }
    Duration w = io.fulcrum.config.RawConfig.of(java.util.Map.of("w", window)).duration("w");
    ChaosPlan base =
        new ChaosPlan(
            1, pools, servers, rate, w, w.dividedBy(2), w.multipliedBy(10), w.multipliedBy(20), 6);
    Path logs =
        dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("fulcrum-chaos");
    PrintWriter out = spec.commandLine().getOut();
    out.println("fulcrum chaos: " + chosen.size() + " experiments, logs in " + logs);
    List<RunReport> reports = new ArrayList<>();
    for (Experiments.Experiment e : chosen) {
      out.println("- " + e.name() + ": " + e.description() + " ...");
      out.flush();
      RunReport r = Experiments.run(e, base, Files.createDirectories(logs.resolve(e.name())));
      reports.add(r);
      out.println(
          "  "
              + (r.passed() ? "pass" : "FAIL: " + String.join("; ", r.problems()))
              + " ("
              + r.counts().truthRequests()
              + " requests, longest window stall "
              + r.longestStallMs() / 1000.0
              + " s)");
      out.flush();
    }
    List<Fanout.Figures> fanouts = new ArrayList<>();
    if (fanout) {
      for (int[] setup : new int[][] {{6, 1}, {24, 4}}) {
        out.println("- fanout: " + setup[0] + " partitions, " + setup[1] + " instances ...");
        out.flush();
        ChaosPlan p =
            new ChaosPlan(
                1,
                base.pools(),
                base.servers(),
                base.rateRps(),
                base.window(),
                base.grace(),
                base.lead(),
                base.traffic(),
                setup[0]);
        fanouts.add(
            Fanout.measure(
                p, setup[1], Files.createDirectories(logs.resolve("fanout-" + setup[0]))));
      }
    }
    String section =
        section(reports, logs)
            + (fanouts.isEmpty()
                ? ""
                : "\nWatermark fan-out ("
                    + base.pools()
                    + " pools, no fault):\n\n"
                    + Fanout.Figures.header()
                    + "\n"
                    + String.join("\n", fanouts.stream().map(Fanout.Figures::row).toList())
                    + "\n");
    out.println();
    out.println(section);
    if (report.getParent() != null) {
      Files.createDirectories(report.getParent());
    }
    if (!Files.exists(report)) {
      Files.writeString(
          report, "# Reliability\n\nAppended by `./fulcrum chaos` (see docs/guarantees.md).\n");
    }
    Files.writeString(report, "\n" + section, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    out.println("appended to " + report);
    return reports.stream().allMatch(RunReport::passed) ? 0 : 1;
  }

  /**
   * The options as typed (the parse result's arguments start with the subcommand's name under
   * ./fulcrum).
   */
  private String commandArgs() {
    List<String> args =
        new java.util.ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    if (!args.isEmpty() && args.get(0).equals(spec.name())) {
      args.remove(0);
    }
    return String.join(" ", args.stream().map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList());
  }

  private String section(List<RunReport> reports, Path logs) {
    Runtime rt = Runtime.getRuntime();
    StringBuilder b =
        new StringBuilder("## Run of " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n\n")
            .append("- machine: ")
            .append(rt.availableProcessors())
            .append(" cores, load average at the end ")
            .append(
                String.format(
                    "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
            .append("\n- command: `./fulcrum chaos ")
            .append(commandArgs())
            .append("`\n");
    if (!conditions.isBlank()) {
      b.append("- conditions: ").append(conditions).append('\n');
    }
    b.append("- logs: ").append(logs).append("\n\n").append(RunReport.tableHeader()).append('\n');
    reports.forEach(r -> b.append(r.tableRow()).append('\n'));
    b.append('\n');
    for (RunReport r : reports) {
      b.append("- ")
          .append(r.name())
          .append(": ")
          .append(r.counts().cells())
          .append(" (pool, server, window) cells " + "compared; ")
          .append(r.incidents())
          .append(" incidents; dead letters ")
          .append(r.deadLetters())
          .append(r.deadLetterReasons().isEmpty() ? "" : " " + r.deadLetterReasons())
          .append(r.passed() ? "" : "; problems: " + String.join("; ", r.problems()))
          .append('\n');
    }
    return b.toString();
  }

  public static void main(String[] args) throws IOException {
    System.exit(new CommandLine(new ChaosCommand()).execute(args));
  }
}
