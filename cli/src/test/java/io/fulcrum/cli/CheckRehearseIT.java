package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testkit.RequiredPrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum check --rehearse} on the shipped examples, with the real haproxy and nginx. */
class CheckRehearseIT {
  @Test
  void rehearsesTheHaproxyExampleAndBlocksOnWhatItMeasured() {
    RequiredPrograms.require("haproxy", "haproxy");
    CliRun r =
        CliRun.of(
            "check",
            "--current",
            "../examples/guard/haproxy-current.cfg",
            "--candidate",
            "../examples/guard/haproxy-bad.cfg",
            "--rehearse",
            "--requests",
            "100");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains("rehearsal on haproxy")
        .contains("be_web measured: web-1 100% (predicted 100%)")
        .contains("be_web: measured: web-1 took 100% of traffic (current 25%, 4.0×): BLOCK");
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
        .isZero();
  }

  @Test
  void rehearsesTheHarmlessDrainAndPasses() {
    RequiredPrograms.require("haproxy", "haproxy");
    CliRun r =
        CliRun.of(
            "check",
            "--current",
            "../examples/guard/haproxy-current.cfg",
            "--candidate",
            "../examples/guard/haproxy-drain.cfg",
            "--rehearse",
            "--requests",
            "90",
            "--json");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("\"rehearsal\"").contains("\"web-4\" : 0.0");
  }

  @Test
  void rehearsesTheNginxExample() {
    RequiredPrograms.require("nginx", "nginx-light");
    CliRun r =
        CliRun.of(
            "check",
            "--current",
            "../examples/guard/nginx-current.conf",
            "--candidate",
            "../examples/guard/nginx-bad.conf",
            "--rehearse",
            "--requests",
            "130");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains("rehearsal on nginx")
        .contains("be_web: measured: 10.0.1.1:8080 took 76.9%");
  }

  @Test
  void aSampleLogWithoutRequestLinesIsBadInput(@TempDir Path dir) throws IOException {
    Path log = Files.writeString(dir.resolve("empty.log"), "nothing here\n");
    CliRun r =
        CliRun.of(
            "check",
            "--current",
            "../examples/guard/haproxy-current.cfg",
            "--candidate",
            "../examples/guard/haproxy-drain.cfg",
            "--rehearse",
            "--sample-log",
            log.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--sample-log:").contains("has no request line");
  }
}
