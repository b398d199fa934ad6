package io.fulcrum.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.bench.BenchConfig.Phase;
import io.fulcrum.bench.BenchConfig.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole harness at toy size (about a minute), so that it cannot rot: a real local broker in a
 * child JVM, ConsumerPerformance, the full pipeline four ways, live latency with the dry-run
 * actuator (2 s windows), replay and memory. Figures are not judged here (the machine is shared);
 * only that every row is produced with a sane value.
 */
class BenchSmokeIT {
  private static final String RATE = "\\d+(\\.\\d+)? (k|M)/s";

  @Test
  void producesEveryRowOfTheTableWithSaneFigures(@TempDir Path work) throws Exception {
    BenchConfig config =
        new BenchConfig(
            20_000,
            10,
            5,
            1,
            5_000,
            3,
            1,
            20_000,
            List.of(100, 200),
            1,
            Duration.ofSeconds(2),
            Set.of(Phase.THROUGHPUT, Phase.REPLAY, Phase.LATENCY, Phase.MEMORY),
            EnumSet.allOf(Pipeline.class),
            null,
            work,
            "512m");

    Report report = Bench.run(config);

    List<Report.Row> rows = report.rows();
    assertThat(rows)
        .extracting(Report.Row::phase)
        .containsOnly("throughput", "replay", "latency", "memory");
    assertThat(rows)
        .filteredOn(r -> r.phase().equals("throughput"))
        .hasSize(8)
        .allSatisfy(r -> assertThat(r.value()).matches(RATE));
    assertThat(rows)
        .filteredOn(r -> r.metric().startsWith("pipeline"))
        .allSatisfy(r -> assertThat(r.note()).containsPattern("\\d\\.\\d\\d× of the ceiling"));
    assertThat(rows)
        .filteredOn(r -> r.phase().equals("replay"))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.value()).matches(RATE));
    assertThat(rows)
        .filteredOn(r -> r.phase().equals("latency"))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.value()).matches("p50 \\d+\\.\\d s, max \\d+\\.\\d s"));
    assertThat(rows)
        .filteredOn(r -> r.metric().contains("dry-run actuator"))
        .singleElement()
        .satisfies(r -> assertThat(r.note()).startsWith("outcome DRY_RUN;"));
    assertThat(rows)
        .filteredOn(r -> r.phase().equals("memory"))
        .hasSize(2)
        .allSatisfy(
            r ->
                assertThat(r.value())
                    .matches("heap [\\d.]+ (B|KiB|MiB), state [\\d.]+ (B|KiB|MiB)"));

    Path file = work.resolve("BENCHMARKS.md");
    report.append(file, report.section("./fulcrum bench --records 20000", "smoke test"));
    assertThat(Files.readString(file))
        .startsWith("# Benchmarks")
        .contains("| phase | metric | value |")
        .contains("cores")
        .contains("command: `./fulcrum bench --records 20000`");
  }
}
