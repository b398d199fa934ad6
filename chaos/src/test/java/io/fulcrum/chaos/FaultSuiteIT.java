package io.fulcrum.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The faults of {@link Experiments} on three brokers, and the garbage burst, one at a time, on
 * brokers and app instances in their own processes, against ground truth: zero requests lost, zero
 * double-counted, exactly one command for the injected incident, no false anomaly. The report (with
 * the recovery time) is printed, and every broken promise is named in the failure. The one-broker
 * faults are in {@link OneBrokerFaultSuiteIT}.
 */
class FaultSuiteIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"leader-failover", "config-changes-down"})
  void aFaultLosesAndDoublesNothingAndIssuesExactlyOneCommand(String experiment) throws Exception {
    RunReport report = FaultRuns.run(experiment, dir);
    assertThat(report.incidents()).as("the injected incident").isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = "garbage")
  void aGarbageBurstDeadLettersEveryMalformedRecordAndCountsEveryValidOne(String experiment)
      throws Exception {
    RunReport report = FaultRuns.run(experiment, dir);
    assertThat(report.counts().truthRequests()).isEqualTo(990_000);
    assertThat(report.deadLetters()).isEqualTo(10_000);
    assertThat(report.deadLetterReasons())
        .as("distinct reasons (several kinds share one)")
        .hasSizeGreaterThanOrEqualTo(5);
  }
}
