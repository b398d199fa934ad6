package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.guard.check.GuardSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fulcrum check}: verdicts and exit codes 0/1/2, the JSON shape, readable errors, the config
 * store.
 */
class CheckCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXAMPLES = "../examples/guard/";

  @Test
  void blocksThePostmortemTypoWithExitOneInThePostmortemsWords() {
    CliRun r =
        CliRun.of(
            "check",
            "--format",
            "haproxy",
            "--current",
            EXAMPLES + "haproxy-current.cfg",
            "--candidate",
            EXAMPLES + "haproxy-bad.cfg");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "be_web: web-2, web-3, web-4 removed; web-1 would take 100% of traffic (now 25%, "
                + "4.0×): BLOCK")
        .contains("be_web: only web-1 would get traffic (now 4 servers): BLOCK")
        .contains("be_web shares: web-1 25% -> 100%, web-2 25% -> removed")
        .contains("not understood: candidate line 21: use_backend be_api if is_api")
        .contains("verdict: BLOCK (3 findings block in be_web)");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void passesDrainingOneServerWithExitZero() {
    CliRun r =
        CliRun.of(
            "check",
            "--current",
            EXAMPLES + "haproxy-current.cfg",
            "--candidate",
            EXAMPLES + "haproxy-drain.cfg");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("be_web: web-4 weight 10 -> 0 (drained): ok")
        .contains("verdict: PASS");
  }

  @Test
  void guessesNginxFromTheFileNameAndBlocksTheWeightTypo() {
    CliRun r =
        CliRun.of(
            "check",
            "--current",
            EXAMPLES + "nginx-current.conf",
            "--candidate",
            EXAMPLES + "nginx-bad.conf");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("(nginx)")
        .contains("10.0.1.1:8080 would take 76.9% of traffic (now 25%, 3.1×): BLOCK");
  }

  @Test
  void jsonCarriesTheSameContentForCiTools() throws IOException {
    CliRun r =
        CliRun.of(
            "check",
            "--current",
            EXAMPLES + "haproxy-current.cfg",
            "--candidate",
            EXAMPLES + "haproxy-bad.cfg",
            "--json");

    assertThat(r.exit()).isEqualTo(1);
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("verdict").asText()).isEqualTo("BLOCK");
    assertThat(j.get("exitCode").asInt()).isEqualTo(1);
    assertThat(j.get("format").asText()).isEqualTo("haproxy");
    JsonNode web = j.get("pools").get(0);
    assertThat(web.get("pool").asText()).isEqualTo("be_web");
    assertThat(web.at("/sharesBefore/web-1").asDouble()).isEqualTo(0.25);
    assertThat(web.at("/sharesAfter/web-1").asDouble()).isEqualTo(1.0);
    assertThat(web.get("changes").get(0).get("kind").asText()).isEqualTo("REMOVED");
    assertThat(j.get("findings"))
        .anySatisfy(
            f -> {
              assertThat(f.get("rule").asText()).isEqualTo("SHARE_GROWTH");
              assertThat(f.get("severity").asText()).isEqualTo("BLOCK");
              assertThat(f.get("pool").asText()).isEqualTo("be_web");
            });
    assertThat(j.at("/notUnderstood/candidate/0/line").asInt()).isEqualTo(21);
    assertThat(j.get("summary").asText()).startsWith("verdict: BLOCK");
  }

  @Test
  void badInputExitsTwoWithAReadableMessage(@TempDir Path dir) throws IOException {
    Path broken =
        Files.writeString(
            dir.resolve("broken.cfg"), "backend be_web\n  server web-1 10.0.0.1:80 weight 900\n");
    Path props =
        Files.writeString(dir.resolve("guard.properties"), "fulcrum.guard.max-share-growth=lots\n");
    String cur = EXAMPLES + "haproxy-current.cfg";
    Map<List<String>, String> cases =
        Map.of(
            List.of("--current", dir.resolve("missing.cfg").toString(), "--candidate", cur),
            "missing.cfg: no such file",
            List.of("--current", cur, "--candidate", broken.toString()),
            "broken.cfg: not a valid haproxy config: line 2: weight 900 is out of range (0-256)",
            List.of("--current", cur, "--candidate", cur, "--pool", "be_nope"),
            "unknown pool 'be_nope' (pools: be_web, be_api)",
            List.of("--current", cur, "--candidate", cur, "--format", "envoy"),
            "'envoy' is not a config format",
            List.of("--current", cur),
            "give --current FILE and --candidate FILE",
            List.of("--current", cur, "--candidate", cur, "--config", props.toString()),
            "fulcrum.guard.max-share-growth: 'lots' is not a number");
    List<String> problems = new ArrayList<>();
    cases.forEach(
        (args, message) -> {
          List<String> all = new ArrayList<>(List.of("check"));
          all.addAll(args);
          CliRun r = CliRun.of(all.toArray(String[]::new));
          if (r.exit() != 2 || !r.err().contains("fulcrum check: ") || !r.err().contains(message)) {
            problems.add(args + " -> exit " + r.exit() + ", err: " + r.err().strip());
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void thresholdsComeFromTheConfigFile(@TempDir Path dir) throws IOException {
    Path props =
        Files.writeString(
            dir.resolve("guard.properties"),
            "fulcrum.guard.max-share-growth=5\n"
                + "fulcrum.guard.block-single-server=false\nfulcrum.guard.max-capacity-loss=0.8\n");
    CliRun r =
        CliRun.of(
            "check",
            "--current",
            EXAMPLES + "haproxy-current.cfg",
            "--candidate",
            EXAMPLES + "haproxy-bad.cfg",
            "--config",
            props.toString());

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
  }

  @Test
  void checksAStoreVersionAgainstThePoolsActiveVersion(@TempDir Path store) throws IOException {
    Path versions = Files.createDirectories(store.resolve("versions/be_web"));
    Files.writeString(
        versions.resolve("v41.cfg"),
        "backend be_web\n  server web-1 10.0.0.1:80\n  server web-2 10.0.0.2:80\n");
    Files.writeString(versions.resolve("v42.cfg"), "backend be_web\n  server web-1 10.0.0.1:80\n");
    Files.writeString(
        versions.resolve("v43.cfg"),
        "backend be_web\n  server web-1 10.0.0.1:80\n  server web-2 10.0.0.2:80\n"
            + "  server web-3 10.0.0.3:80\n");
    Files.createDirectories(store.resolve("active"));
    Files.createSymbolicLink(
        store.resolve("active/be_web.cfg"), Path.of("../versions/be_web/v41.cfg"));

    CliRun bad =
        CliRun.of("check", "--store", store.toString(), "--pool", "be_web", "--version", "v42");
    CliRun good =
        CliRun.of("check", "--store", store.toString(), "--pool", "be_web", "--version", "v43");
    CliRun missing =
        CliRun.of("check", "--store", store.toString(), "--pool", "be_web", "--version", "v99");
    CliRun noPool =
        CliRun.of("check", "--store", store.toString(), "--pool", "be_api", "--version", "v1");

    assertThat(bad.exit()).as(bad.out()).isEqualTo(1);
    assertThat(bad.out())
        .contains("be_web: web-2 removed; web-1 would take 100% of traffic (now 50%, 2.0×): BLOCK");
    assertThat(good.exit()).as(good.out()).isZero();
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err())
        .contains("no version v99 of pool be_web")
        .contains("versions: v41, v42, v43");
    assertThat(noPool.exit()).isEqualTo(2);
    assertThat(noPool.err()).contains("pool be_api has no active version");
  }

  @Test
  void helpNamesTheOptionsAndExitCodes() {
    CliRun r = CliRun.of("check", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("Usage: fulcrum check")
        .contains("--candidate=FILE")
        .contains("--store=DIR")
        .contains("--rehearse")
        .contains("--sample-log=FILE")
        .contains("Exit codes: 0 pass, 1 blocked, 2 bad input");
    assertThat(CliRun.of("--help").out()).contains("check");
  }

  @Test
  void everyGuardSettingIsDocumentedWithItsDefault() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("..", "docs", "change-guard.md"));
    int from = readme.indexOf("### Check settings");
    assertThat(from).as("docs/change-guard.md has a ### Check settings section").isNotNegative();
    List<String> rows =
        readme.subList(from, readme.size()).stream()
            .takeWhile(l -> !l.startsWith("## "))
            .filter(l -> l.startsWith("| `"))
            .toList();
    GuardSettings.DEFAULTS.forEach(
        (key, value) ->
            assertThat(rows)
                .as(key)
                .anySatisfy(
                    row -> assertThat(row).startsWith("| `" + key + "` | `" + value + "` |")));
  }
}
