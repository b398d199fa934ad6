package io.fulcrum.bench;

import io.fulcrum.bench.BenchConfig.Phase;
import io.fulcrum.bench.BenchConfig.Pipeline;
import io.fulcrum.config.RawConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark harness ({@code ./fulcrum bench}): throughput against Kafka's own consumer ceiling,
 * replay speed, detection latency and memory per server, printed as one table and appended to a
 * file.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures Fulcrum against a real local broker and prints one table (also appended to --report).",
      "Phases: throughput (pre-produce, ConsumerPerformance ceiling, full pipeline Avro/lines x at-least-once/exactly-once),",
      "replay (fulcrum replay on a large HAProxy log), latency (live detection latency), memory (heap and state vs servers).",
      "Run it on a quiet machine: other processes distort every figure."
    })
public final class Bench implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--records",
      defaultValue = "5000000",
      description = "Requests pre-produced for the throughput phase (default: ${DEFAULT-VALUE}).")
  long records;

  @Option(
      names = "--pools",
      defaultValue = "50",
      description = "Pools in the simulated fleet (default: ${DEFAULT-VALUE}).")
  int pools;

  @Option(
      names = "--servers-per-pool",
      defaultValue = "20",
      description = "Servers per pool (default: ${DEFAULT-VALUE}).")
  int serversPerPool;

  @Option(
      names = "--incident-pools",
      defaultValue = "2",
      description =
          "Pools that get the all-to-one deploy at 60%% of the run (default: ${DEFAULT-VALUE}).")
  int incidentPools;

  @Option(
      names = "--rate",
      defaultValue = "20000",
      paramLabel = "REQ/S",
      description = "Event-time request rate of the fleet (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "Partitions of the input and pool topics (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--threads",
      description = "Kafka Streams threads (default: the number of cores).")
  Integer threads;

  @Option(
      names = "--replay-lines",
      defaultValue = "2000000",
      description = "HAProxy lines replayed (default: ${DEFAULT-VALUE}).")
  long replayLines;

  @Option(
      names = "--scale",
      split = ",",
      defaultValue = "1000,10000,100000",
      paramLabel = "SERVERS",
      description = "Fleet sizes of the memory phase (default: ${DEFAULT-VALUE}).")
  List<Integer> scale;

  @Option(
      names = "--injections",
      defaultValue = "3",
      description = "Incidents injected by the latency phase (default: ${DEFAULT-VALUE}).")
  int injections;

  @Option(
      names = "--latency-window",
      defaultValue = "10s",
      paramLabel = "DURATION",
      description =
          "Fulcrum's window size in the latency phase, e.g. 10s or 2s (default: ${DEFAULT-VALUE}).")
  String latencyWindow;

  @Option(
      names = "--phases",
      split = ",",
      defaultValue = "throughput,replay,latency,latency-windows,memory",
      paramLabel = "PHASE",
      description =
          "Phases to run (default: ${DEFAULT-VALUE}); latency-windows is the latency "
              + "phase with the fast path off.")
  List<String> phases;

  @Option(
      names = "--pipelines",
      split = ",",
      defaultValue = "avro-alos,avro-eos,lines-alos,lines-eos",
      paramLabel = "RUN",
      description = "Pipeline runs of the throughput phase (default: ${DEFAULT-VALUE}).")
  List<String> pipelines;

  @Option(
      names = "--bootstrap-servers",
      description = "Use this cluster instead of starting a local broker in a child JVM.")
  String bootstrapServers;

  @Option(
      names = "--broker-heap",
      defaultValue = "1g",
      description = "Heap of the local broker's JVM (default: ${DEFAULT-VALUE}).")
  String brokerHeap;

  @Option(
      names = "--report",
      defaultValue = "BENCHMARKS.md",
      paramLabel = "FILE",
      description = "File the table is appended to (default: ${DEFAULT-VALUE}).")
  Path reportFile;

  @Option(names = "--no-report", description = "Print the table only.")
  boolean noReport;

  @Option(
      names = "--conditions",
      defaultValue = "not stated",
      description = "What else ran on the machine, recorded with the table.")
  String conditions;

  /** The log configuration of the bench's JVMs (the CLI brings its own). */
  static final String LOG_CONFIG = "log4j2-bench.xml";

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG_CONFIG);
    }
    System.exit(new CommandLine(new Bench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("fulcrum-bench");
    try {
      BenchConfig config =
          new BenchConfig(
              records,
              pools,
              serversPerPool,
              incidentPools,
              rate,
              partitions,
              threads == null ? Runtime.getRuntime().availableProcessors() : threads,
              replayLines,
              scale,
              injections,
              latencyWindow(),
              parsePhases(phases),
              parsePipelines(pipelines),
              bootstrapServers,
              work,
              brokerHeap);
      Report report = run(config);
      String section = report.section(commandLine(), conditions);
      spec.commandLine().getOut().println(section);
      if (!noReport) {
        report.append(reportFile, section);
        spec.commandLine()
            .getErr()
            .println("bench: table appended to " + reportFile.toAbsolutePath());
      }
      return 0;
    } finally {
      deleteTree(work);
    }
  }

  /** Runs the configured phases against a local broker (started here) or the given cluster. */
  public static Report run(BenchConfig config) throws Exception {
    Report report = new Report();
    String runId = "bench-" + Long.toString(System.currentTimeMillis(), 36);
    Set<Phase> p = config.phases();
    if (p.contains(Phase.THROUGHPUT)
        || p.contains(Phase.LATENCY)
        || p.contains(Phase.LATENCY_WINDOWS)) {
      try (LocalBroker broker =
          config.bootstrapServers() == null
              ? LocalBroker.start(
                  config.brokerHeap(),
                  config.workDir().resolve("broker.log"),
                  Duration.ofSeconds(60))
              : null) {
        String servers = broker == null ? config.bootstrapServers() : broker.bootstrapServers();
        if (p.contains(Phase.THROUGHPUT)) {
          new ThroughputPhase(config, servers, runId, report).run();
        }
        if (p.contains(Phase.LATENCY)) {
          new LatencyPhase(config, servers, runId, report, true).run();
        }
        if (p.contains(Phase.LATENCY_WINDOWS)) {
          new LatencyPhase(config, servers, runId, report, false).run();
        }
      }
    }
    if (p.contains(Phase.REPLAY)) {
      new ReplayPhase(config, report).run();
    }
    if (p.contains(Phase.MEMORY)) {
      new MemoryPhase(config, report).run();
    }
    if (p.contains(Phase.CHURN)) {
      new ChurnPhase(report).run();
    }
    return report;
  }

  private static Set<Phase> parsePhases(List<String> names) {
    Set<Phase> out = EnumSet.noneOf(Phase.class);
    for (String n : names) {
      try {
        out.add(Phase.valueOf(n.trim().replace('-', '_').toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--phases: unknown phase '"
                + n
                + "'; known: throughput, replay, latency, latency-windows, memory, churn");
      }
    }
    return out;
  }

  private Duration latencyWindow() {
    Duration d = RawConfig.parseDuration(latencyWindow);
    if (d == null) {
      throw new IllegalArgumentException(
          "--latency-window: '" + latencyWindow + "' is not a duration (examples: 10s, 2s)");
    }
    return d;
  }

  private static Set<Pipeline> parsePipelines(List<String> names) {
    Set<Pipeline> out = EnumSet.noneOf(Pipeline.class);
    for (String n : names) {
      Pipeline match = null;
      for (Pipeline p : Pipeline.values()) {
        if (p.optionName().equals(n.trim())) {
          match = p;
        }
      }
      if (match == null) {
        throw new IllegalArgumentException(
            "--pipelines: unknown run '"
                + n
                + "'; known: avro-alos, avro-eos, lines-alos, lines-eos");
      }
      out.add(match);
    }
    return out;
  }

  private String commandLine() {
    // Quoted so that the line can be pasted into a shell as it was typed. Under ./fulcrum the
    // original
    // arguments start with the subcommand's own name.
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    if (!args.isEmpty() && args.get(0).equals(spec.name())) {
      args = args.subList(1, args.size());
    }
    return "./fulcrum bench "
        + String.join(
            " ",
            args.stream()
                .map(a -> a.matches("[\\w./:,=@+-]*") ? a : "'" + a.replace("'", "'\\''") + "'")
                .toList());
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (java.io.IOException e) {
      // Best effort: a temp directory.
    }
  }
}
