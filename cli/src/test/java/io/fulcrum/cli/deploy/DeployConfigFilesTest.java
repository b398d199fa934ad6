package io.fulcrum.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testkit.RequiredPrograms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose stack's monitoring and load-balancer configs, checked by the real tools from Debian:
 * promtool and amtool (the same versions' parsers as the containers'), and haproxy -c.
 */
class DeployConfigFilesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void prometheusConfigAndItsRuleFilesAreValid() throws Exception {
    Path promtool = RequiredPrograms.require("promtool", "prometheus");

    assertSucceeds(
        List.of(promtool.toString(), "check", "config", "deploy/prometheus/prometheus.yml"));
  }

  @Test
  void alertRulesFireOnlyWhenTheyShould() throws Exception {
    Path promtool = RequiredPrograms.require("promtool", "prometheus");

    assertSucceeds(
        List.of(promtool.toString(), "test", "rules", "deploy/prometheus/rules.test.yml"));
  }

  @Test
  void alertmanagerConfigIsValid() throws Exception {
    Path amtool = RequiredPrograms.require("amtool", "prometheus-alertmanager");

    assertSucceeds(
        List.of(amtool.toString(), "check-config", "deploy/alertmanager/alertmanager.yml"));
  }

  /**
   * Each demo version, made active the way the actuator does (a symlink in active/), loads in
   * HAProxy with the main config. Only the compose-network addresses are swapped for local ones:
   * there is no log-sink host or /var/run/haproxy here.
   */
  @Test
  void everyDemoHaproxyVersionLoadsWithTheMainConfig() throws Exception {
    Path haproxy = RequiredPrograms.require("haproxy", "haproxy");
    Path main =
        Files.writeString(
            tmp.resolve("haproxy.cfg"),
            Files.readString(StackFiles.file("deploy/haproxy/haproxy.cfg"))
                .replace("log-sink:5140", "127.0.0.1:5140")
                .replace("/var/run/haproxy/", tmp + "/"));
    List<Path> versions;
    try (Stream<Path> files = Files.list(StackFiles.file("deploy/haproxy/versions/be_web"))) {
      versions = files.filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
    }
    assertThat(versions)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("v41.cfg", "v42.cfg");

    Path active = Files.createDirectories(tmp.resolve("active"));
    for (Path version : versions) {
      Files.deleteIfExists(active.resolve("be_web.cfg"));
      Files.createSymbolicLink(active.resolve("be_web.cfg"), version);
      assertSucceeds(
          List.of(haproxy.toString(), "-c", "-f", main.toString(), "-f", active.toString()));
    }
    // The story the demo tells: v41 spreads over four servers, v42's typo leaves web-1 alone.
    assertThat(serverLines(versions.get(0))).hasSize(4);
    assertThat(serverLines(versions.get(1))).singleElement().asString().contains("web-1");
  }

  private static List<String> serverLines(Path version) throws Exception {
    return Files.readAllLines(version).stream()
        .map(String::trim)
        .filter(l -> l.startsWith("server "))
        .toList();
  }

  private void assertSucceeds(List<String> command) throws Exception {
    StackFiles.Result r = StackFiles.run(command, Map.of(), tmp, TIMEOUT);
    assertThat(r.exit()).as(String.join(" ", command) + "\n" + r.describe()).isZero();
  }
}
