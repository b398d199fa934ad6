package io.fulcrum.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-broker faults of {@link Experiments}, with the promises of {@link FaultSuiteIT}, in two
 * lanes side by side: broker-outages (the longest) in one, kill-owner then scale-out-in in the
 * other. Each experiment has its own broker, ports, topics and directory, and they wait on the
 * clock far more than they compute. The three-broker experiments stay one at a time: two of them
 * side by side on two cores once missed the injected incident's rollback.
 */
class OneBrokerFaultSuiteIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void brokerOutagesAKilledOwnerAndScalingLoseAndDoubleNothingAndIssueExactlyOneCommand()
      throws Exception {
    List<List<String>> lanes =
        List.of(List.of("broker-outages"), List.of("kill-owner", "scale-out-in"));
    ExecutorService pool = Executors.newFixedThreadPool(lanes.size());
    try {
      List<Future<List<String>>> done = new ArrayList<>();
      for (List<String> lane : lanes) {
        done.add(pool.submit(() -> runLane(lane)));
      }
      List<String> failures = new ArrayList<>();
      for (Future<List<String>> f : done) {
        failures.addAll(f.get());
      }
      assertThat(failures).as("experiments that broke a promise").isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs each experiment of the lane, even after one fails; returns the failures. */
  private List<String> runLane(List<String> experiments) {
    List<String> failures = new ArrayList<>();
    for (String experiment : experiments) {
      try {
        RunReport report = FaultRuns.run(experiment, dir);
        assertThat(report.incidents()).as(experiment + ": the injected incident").isPositive();
      } catch (Exception | AssertionError e) {
        failures.add(experiment + ": " + e.getMessage());
      }
    }
    return failures;
  }
}
