package io.fulcrum.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What one benchmark run does, validated once.
 *
 * @param records requests pre-produced for the throughput runs (default 5 M)
 * @param pools pools in the simulated fleet (default 50)
 * @param serversPerPool servers per pool (default 20)
 * @param incidentPools pools that get the all-to-one deploy at 60% of the run (default 2)
 * @param rateRps event-time request rate of the whole fleet (default 20 000/s: 20 req/s per server)
 * @param partitions partitions of the input topics and of the pool repartition topic (default 6)
 * @param streamThreads Kafka Streams threads (default: the number of cores)
 * @param replayLines HAProxy lines replayed (default 2 M)
 * @param scaleServers fleet sizes of the memory phase (default 1 k, 10 k, 100 k)
 * @param injections incidents injected by the latency phase (default 3)
 * @param latencyWindow Fulcrum's window size in the latency phase (default 10 s, the production
 *     default)
 * @param phases phases to run
 * @param pipelines pipeline variants of the throughput phase (default all four)
 * @param bootstrapServers an existing cluster, or null to start a local broker in a child JVM
 * @param workDir temporary files (logs, state directories)
 * @param brokerHeap heap of the local broker's JVM
 */
public record BenchConfig(
    long records,
    int pools,
    int serversPerPool,
    int incidentPools,
    double rateRps,
    int partitions,
    int streamThreads,
    long replayLines,
    List<Integer> scaleServers,
    int injections,
    Duration latencyWindow,
    Set<Phase> phases,
    Set<Pipeline> pipelines,
    String bootstrapServers,
    Path workDir,
    String brokerHeap) {

  /** The parts of the benchmark; each adds rows to the table. */
  public enum Phase {
    THROUGHPUT,
    REPLAY,
    LATENCY,
    LATENCY_WINDOWS,
    MEMORY,
    CHURN
  }

  /** A full-pipeline run of the throughput phase: input format x processing guarantee. */
  public enum Pipeline {
    AVRO_ALOS(false, false),
    AVRO_EOS(false, true),
    LINES_ALOS(true, false),
    LINES_EOS(true, true);

    final boolean lines;
    final boolean exactlyOnce;

    Pipeline(boolean lines, boolean exactlyOnce) {
      this.lines = lines;
      this.exactlyOnce = exactlyOnce;
    }

    /** The option's spelling: avro-alos, avro-eos, lines-alos, lines-eos. */
    public String optionName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public BenchConfig {
    require(records >= 1000, "--records", "must be at least 1000, got " + records);
    require(pools >= 1, "--pools", "must be at least 1, got " + pools);
    require(serversPerPool >= 2, "--servers-per-pool", "must be at least 2, got " + serversPerPool);
    require(
        incidentPools >= 0 && incidentPools <= pools,
        "--incident-pools",
        "must be between 0 and --pools, got " + incidentPools);
    require(rateRps >= 1, "--rate", "must be at least 1 request/s, got " + rateRps);
    require(partitions >= 1, "--partitions", "must be at least 1, got " + partitions);
    require(streamThreads >= 1, "--threads", "must be at least 1, got " + streamThreads);
    require(replayLines >= 1000, "--replay-lines", "must be at least 1000, got " + replayLines);
    require(
        !scaleServers.isEmpty() && scaleServers.stream().allMatch(s -> s >= serversPerPool),
        "--scale",
        "needs fleet sizes of at least --servers-per-pool servers, got " + scaleServers);
    require(
        injections >= 1 && injections <= pools,
        "--injections",
        "must be between 1 and --pools, got " + injections);
    require(
        latencyWindow.toMillis() >= 1000,
        "--latency-window",
        "must be at least 1s, got " + latencyWindow.toMillis() + "ms");
    require(!phases.isEmpty(), "--phases", "names no phase");
    require(!pipelines.isEmpty(), "--pipelines", "names no pipeline");
    scaleServers = List.copyOf(scaleServers);
    phases = Set.copyOf(phases);
    pipelines = Set.copyOf(pipelines);
  }

  public int servers() {
    return pools * serversPerPool;
  }

  private static void require(boolean ok, String option, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(option + ": " + problem);
    }
  }
}
