package io.fulcrum.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each fault of {@link Experiments} at the CI size, on brokers and app instances in their own
 * processes, against ground truth: zero requests lost, zero double-counted, exactly one command for
 * the injected incident, no false anomaly. The report (with the recovery time) is printed, and
 * every broken promise is named in the failure.
 */
class FaultSuiteIT {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "kill-owner",
        "scale-out-in",
        "leader-failover",
        "broker-outages",
        "config-changes-down"
      })
  void aFaultLosesAndDoublesNothingAndIssuesExactlyOneCommand(String experiment) throws Exception {
    RunReport report = run(experiment);
    assertThat(report.incidents()).as("the injected incident").isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = "garbage")
  void aGarbageBurstDeadLettersEveryMalformedRecordAndCountsEveryValidOne(String experiment)
      throws Exception {
    RunReport report = run(experiment);
    assertThat(report.counts().truthRequests()).isEqualTo(990_000);
    assertThat(report.deadLetters()).isEqualTo(10_000);
    assertThat(report.deadLetterReasons())
        .as("distinct reasons (several kinds share one)")
        .hasSizeGreaterThanOrEqualTo(5);
  }

  private RunReport run(String experiment) throws Exception {
    RunReport report =
        Experiments.run(
            Experiments.named(experiment),
            ChaosPlan.small(1),
            Files.createDirectories(dir.resolve(experiment)));
    System.out.println(report);
    assertThat(report.problems()).as(report.toString()).isEmpty();
    assertThat(report.counts().cells()).as("windows compared").isGreaterThan(100);
    return report;
  }
}
