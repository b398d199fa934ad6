package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void replaysASimulatedPostmortemAndPrintsTheAnomalyAsJsonLines(@TempDir Path dir)
      throws Exception {
    assertThat(CliRun.of("simulate", "--scenario", "all-to-one", "--out", dir.toString()).exit())
        .isZero();
    Files.writeString(
        dir.resolve("access.log"), "garbage line\n", java.nio.file.StandardOpenOption.APPEND);

    CliRun r =
        CliRun.of(
            "replay",
            "--access-log",
            dir.resolve("access.log").toString(),
            "--config-changes",
            dir.resolve("config-changes.jsonl").toString());

    assertThat(r.exit()).as(r.err()).isZero();
    List<JsonNode> lines =
        r.out()
            .lines()
            .map(
                l -> {
                  try {
                    return JSON.readTree(l);
                  } catch (Exception e) {
                    throw new AssertionError("not JSON: " + l, e);
                  }
                })
            .toList();
    JsonNode first = lines.get(0);
    assertThat(first.get("type").asText()).isEqualTo("anomaly");
    assertThat(lines)
        .anySatisfy(
            a -> {
              assertThat(a.get("kind").asText()).isEqualTo("IMBALANCE");
              assertThat(a.get("status").asText()).isEqualTo("STARTED");
              assertThat(a.get("pool").asText()).isEqualTo("be_web");
              assertThat(a.at("/suspectedCause/version").asText()).isEqualTo("v42");
              assertThat(a.get("detectedAt").isIntegralNumber()).isTrue();
            });
    assertThat(r.err())
        .contains("replay: done:")
        .contains("1 malformed")
        .contains("malformed line skipped: haproxy:");
  }

  @Test
  void explainsAMissingLogFileAndExitsNonZero(@TempDir Path dir) {
    CliRun r = CliRun.of("replay", "--access-log", dir.resolve("missing.log").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--access-log: cannot read");
  }

  @Test
  void everyCommandHasHelp() {
    for (String cmd : List.of("run", "replay", "simulate", "schemas")) {
      CliRun r = CliRun.of(cmd, "--help");
      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("Usage: fulcrum " + cmd);
    }
  }

  @Test
  void listsScenarios() {
    CliRun r = CliRun.of("simulate", "--list");
    assertThat(r.out()).contains("all-to-one").contains("database-outage");
  }
}
