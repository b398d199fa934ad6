package io.fulcrum.bench;

/**
 * Step 5, live detection latency (wall clock): steady load, the all-to-one incident injected several
 * times, and for each the time from the first bad record produced to the anomaly on its topic, to the
 * rollback command on its topic, and to {@code APPLIED} from a dry-run actuator.
 *
 * <p>Not measured yet: this is the hook. It needs the actuator's command loop (being built) to answer
 * commands in dry-run against this run's topics. Until then the phase reports that it was skipped.
 */
final class LatencyPhase {
  private final BenchConfig config;
  private final String bootstrapServers;
  private final String runId;
  private final Report report;

  LatencyPhase(BenchConfig config, String bootstrapServers, String runId, Report report) {
    this.config = config;
    this.bootstrapServers = bootstrapServers;
    this.runId = runId;
    this.report = report;
  }

  void run() {
    report.add("latency", "first bad record → anomaly / rollback command / APPLIED", "not measured",
        "hook only, " + config.injections() + " injections planned on " + bootstrapServers + " (" + runId
            + "): waits for the dry-run actuator; target: anomaly ≤ window + 2 s after the window closes");
  }
}
