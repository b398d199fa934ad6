package io.fulcrum.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fulcrum.guard.check.ChangeGuard;
import io.fulcrum.guard.check.CheckReport;
import io.fulcrum.guard.check.Finding;
import io.fulcrum.guard.check.GuardSettings;
import io.fulcrum.guard.check.ReportText;
import io.fulcrum.guard.check.Shares;
import io.fulcrum.guard.rehearse.Rehearsal;
import io.fulcrum.guard.rehearse.RequestSample;
import io.fulcrum.testkit.RequiredPrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rehearsal on a real HAProxy 2.6 and a real nginx: the postmortems' typo measured at ~100% on
 * one server and blocked, a harmless change passed, and afterwards no child process and no
 * temporary directory left.
 */
class RehearsalIT {
  private static final GuardSettings SETTINGS = GuardSettings.defaultSettings().withRequests(200);
  private Set<Path> tempBefore;

  @BeforeEach
  void recordTemp() throws IOException {
    tempBefore = rehearsalDirs();
  }

  @AfterEach
  void leavesNothingBehind() throws IOException {
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList())
        .as("child processes left")
        .isEmpty();
    assertThat(rehearsalDirs()).as("rehearsal temp dirs left").isSubsetOf(tempBefore);
  }

  private static Set<Path> rehearsalDirs() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("fulcrum-rehearsal-"))
          .collect(Collectors.toSet());
    }
  }

  private static CheckReport rehearse(
      LbFormat f, String current, String candidate, RequestSample sample) throws IOException {
    RequiredPrograms.require(f.id(), f == LbFormat.HAPROXY ? "haproxy" : "nginx-light");
    CheckReport predicted =
        new ChangeGuard(SETTINGS)
            .check(LbConfig.parse(f, current), LbConfig.parse(f, candidate), null);
    return new Rehearsal(SETTINGS, sample).rehearse(predicted, current, candidate);
  }

  private static CheckReport rehearse(LbFormat f, String name) throws IOException {
    return rehearse(f, Pairs.current(f, name), Pairs.candidate(f, name), RequestSample.DEFAULT);
  }

  @Test
  void haproxyMeasuresThePoolTypoAtAllTrafficOnOneServerAndBlocks() throws IOException {
    CheckReport r = rehearse(LbFormat.HAPROXY, "pool-typo");
    String text = String.join("\n", ReportText.lines(r));

    Shares before = r.rehearsed().current().get("be_web");
    Shares after = r.rehearsed().candidate().get("be_web");
    assertThat(before.of("web-1")).as(text).isCloseTo(0.25, within(0.02));
    assertThat(after.of("web-1")).as(text).isCloseTo(1.0, within(0.01));
    assertThat(r.findings())
        .as(text)
        .anySatisfy(
            f -> {
              assertThat(f.measured()).isTrue();
              assertThat(f.rule()).isEqualTo(Finding.Rule.SHARE_GROWTH);
              assertThat(f.blocks()).isTrue();
            });
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.rehearsed().statusesCandidate()).containsOnlyKeys(200);
    assertThat(r.rehearsed().rewrites())
        .anySatisfy(w -> assertThat(w).contains("user"))
        .anySatisfy(w -> assertThat(w).contains("stand-ins"));
    assertThat(text)
        .contains("be_web: measured: web-1 took 100% of traffic (current 25%, 4.0×): BLOCK");
  }

  @Test
  void haproxyPassesDrainingOneServerOfFour() throws IOException {
    CheckReport r = rehearse(LbFormat.HAPROXY, "drain-one");
    String text = String.join("\n", ReportText.lines(r));

    assertThat(r.exitCode()).as(text).isZero();
    Shares after = r.rehearsed().candidate().get("be_web");
    assertThat(after.of("web-4")).as(text).isZero();
    assertThat(after.of("web-1")).as(text).isCloseTo(1 / 3.0, within(0.02));
  }

  @Test
  void haproxyMeasuresAclRoutingFromASampleLog(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path log =
        Files.writeString(
            dir.resolve("access.log"),
            String.join(
                "\n",
                "Mar 14 09:00:00 lb haproxy[1]: 10.1.1.1:5000 [14/Mar/2026:09:00:00.000] fe_main be_api/api-1 0/0/1/2/3 200 "
                    + "120 - - ---- 1/1/0/0/0 0/0 \"GET /api/users HTTP/1.1\"",
                "Mar 14 09:00:00 lb haproxy[1]: 10.1.1.1:5001 [14/Mar/2026:09:00:00.001] fe_main be_web/web-1 0/0/1/2/3 200 "
                    + "120 - - ---- 1/1/0/0/0 0/0 \"GET /index.html HTTP/1.1\"",
                ""));
    String current = Pairs.current(LbFormat.HAPROXY, "timeouts");
    String typo = current.replace("path_beg /api", "path_beg /apii");

    CheckReport r = rehearse(LbFormat.HAPROXY, current, typo, RequestSample.read(log));
    String text = String.join("\n", ReportText.lines(r));

    assertThat(r.rehearsed().current().get("be_api").receivers()).as(text).hasSize(3);
    assertThat(r.rehearsed().candidate().get("be_api").receivers()).as(text).isEmpty();
    assertThat(r.findings())
        .as(text)
        .anySatisfy(
            f -> assertThat(f.message()).contains("no request reached be_api with the candidate"));
  }

  @Test
  void haproxyRehearsesAConfigStoreVersionWithJustABackend() throws IOException {
    String v41 = "backend be_web\n  server web-1 10.0.0.1:80\n  server web-2 10.0.0.2:80\n";
    String v42 =
        "backend be_web\n  balance first\n  server web-1 10.0.0.1:80\n  server web-2 10.0.0.2:80\n";

    CheckReport r = rehearse(LbFormat.HAPROXY, v41, v42, RequestSample.DEFAULT);

    assertThat(r.rehearsed().candidate().get("be_web").of("web-1")).isEqualTo(1.0);
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void aCandidateHaproxyRefusesIsBadInputAndLeavesNothingBehind() {
    String current = Pairs.current(LbFormat.HAPROXY, "timeouts");
    String broken =
        current.replace(
            "timeout client 30s", "timeout client 30s\n  acl x req.nosuchfetch -m str a");
    assertThatThrownBy(() -> rehearse(LbFormat.HAPROXY, current, broken, RequestSample.DEFAULT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rehearsal of the candidate")
        .hasMessageContaining("refused");
  }

  @Test
  void nginxMeasuresThePoolTypoAtAllTrafficOnOneServerAndBlocks() throws IOException {
    CheckReport r = rehearse(LbFormat.NGINX, "pool-typo");
    String text = String.join("\n", ReportText.lines(r));

    assertThat(r.rehearsed().current().get("be_web").of("10.0.1.1:8080"))
        .as(text)
        .isCloseTo(0.25, within(0.02));
    assertThat(r.rehearsed().candidate().get("be_web_debug").of("10.0.1.1:8080"))
        .as(text)
        .isEqualTo(1.0);
    assertThat(r.exitCode()).as(text).isEqualTo(1);
    assertThat(r.findings()).anySatisfy(f -> assertThat(f.measured()).isTrue());
  }

  @Test
  void nginxMeasuresDownFlagsLeavingOneServerAndBlocks() throws IOException {
    CheckReport r = rehearse(LbFormat.NGINX, "down-flags");
    String text = String.join("\n", ReportText.lines(r));

    assertThat(r.rehearsed().candidate().get("be_web").of("10.0.1.1:8080")).as(text).isEqualTo(1.0);
    assertThat(
            r.findings().stream()
                .filter(f -> f.measured() && f.blocks())
                .map(Finding::rule)
                .toList())
        .as(text)
        .contains(Finding.Rule.SHARE_GROWTH, Finding.Rule.SINGLE_SERVER);
  }

  @Test
  void nginxPassesAnAddedServer() throws IOException {
    CheckReport r = rehearse(LbFormat.NGINX, "added-server");
    String text = String.join("\n", ReportText.lines(r));

    assertThat(r.exitCode()).as(text).isZero();
    assertThat(r.rehearsed().candidate().get("be_web").receivers()).as(text).hasSize(5);
    assertThat(List.of(r.rehearsed().statusesCandidate().keySet().toArray())).containsOnly(200);
  }
}
