package io.fulcrum.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** One experiment of {@link Experiments} at the CI size, checked against its ground truth. */
final class FaultRuns {
  private FaultRuns() {}

  /**
   * Runs {@code experiment} with its logs under {@code dir}, prints the report, and fails naming
   * every broken promise.
   */
  static RunReport run(String experiment, Path dir) throws Exception {
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
