package io.fulcrum.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.guard.check.Change;
import io.fulcrum.guard.check.ChangeGuard;
import io.fulcrum.guard.check.CheckReport;
import io.fulcrum.guard.check.Finding;
import io.fulcrum.guard.check.GuardSettings;
import io.fulcrum.guard.check.ReportText;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The diff's finer points: renames, rescaled weights, routing, the pool filter, and the wording.
 */
class ChangeGuardTest {
  private static CheckReport check(String current, String candidate) {
    return new ChangeGuard(GuardSettings.defaultSettings())
        .check(
            LbConfig.parse(LbFormat.HAPROXY, current),
            LbConfig.parse(LbFormat.HAPROXY, candidate),
            null);
  }

  private static String backend(String... servers) {
    return "backend be_web\n"
        + String.join("\n", List.of(servers).stream().map(s -> "  server " + s).toList())
        + "\n";
  }

  @Test
  void aRenameKeepsTheServersShareAndIsSaidAsARename() {
    CheckReport r =
        check(
            backend("web-1 10.0.0.1:80", "web-2 10.0.0.2:80"),
            backend("web-a 10.0.0.1:80", "web-2 10.0.0.2:80"));

    assertThat(r.exitCode()).isZero();
    assertThat(r.pools().get(0).changes())
        .extracting(Change::kind)
        .containsExactly(Change.Kind.RENAMED);
    assertThat(ReportText.lines(r))
        .contains(
            "be_web: web-1 renamed web-a (same address 10.0.0.1:80): ok",
            "  be_web shares: web-1->web-a 50% -> 50%, web-2 50% -> 50%");
  }

  @Test
  void scalingEveryWeightByOneFactorIsNotACapacityLoss() {
    CheckReport r =
        check(
            backend(
                "a 10.0.0.1:80 weight 100", "b 10.0.0.2:80 weight 100", "c 10.0.0.3:80 weight 100"),
            backend(
                "a 10.0.0.1:80 weight 10", "b 10.0.0.2:80 weight 10", "c 10.0.0.3:80 weight 10"));
    assertThat(r.exitCode()).isZero();

    CheckReport dropped =
        check(
            backend(
                "a 10.0.0.1:80 weight 100", "b 10.0.0.2:80 weight 100", "c 10.0.0.3:80 weight 100"),
            backend("a 10.0.0.1:80 weight 10"));
    assertThat(dropped.findings())
        .anySatisfy(
            f ->
                assertThat(f.message())
                    .isEqualTo(
                        "serving capacity would fall by 66.7% (active weight 300 -> 10, rescaled 0.1×)"));
  }

  @Test
  void aRouteMovingToAOneServerPoolBlocksAndOtherRouteChangesWarn() {
    String pools =
        "backend be_web\n  server a 10.0.0.1:80\n  server b 10.0.0.2:80\n"
            + "backend be_one\n  server a 10.0.0.1:80\nbackend be_two\n  server a 10.0.0.1:80\n  server b 10.0.0.2:80\n";
    String current = "frontend fe\n  bind :80\n  default_backend be_web\n" + pools;

    CheckReport toOne =
        check(current, current.replace("default_backend be_web", "default_backend be_one"));
    CheckReport toTwo =
        check(current, current.replace("default_backend be_web", "default_backend be_two"));

    assertThat(toOne.findings())
        .extracting(Finding::rule, Finding::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Finding.Rule.ROUTING, Finding.Severity.BLOCK));
    assertThat(ReportText.lines(toOne))
        .contains("routing: fe: be_web -> be_one: traffic moves from 2 servers to only one: BLOCK");
    assertThat(toTwo.exitCode()).isZero();
    assertThat(ReportText.lines(toTwo))
        .contains("routing: fe: be_web -> be_two: traffic moves to another pool: WARN");
  }

  @Test
  void aRemovedPoolThatIsStillRoutedBlocks() {
    String current =
        "frontend fe\n  use_backend be_old if { path_beg /old }\n  default_backend be_web\n"
            + backend("a 10.0.0.1:80")
            + "backend be_old\n  server o 10.0.0.9:80\n";
    CheckReport r = check(current, current.replace("backend be_old\n  server o 10.0.0.9:80\n", ""));
    assertThat(r.findings())
        .anySatisfy(f -> assertThat(f.rule()).isEqualTo(Finding.Rule.UNKNOWN_POOL));
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void thePoolFilterLimitsTheCheckAndAnUnknownPoolIsBadInput() {
    String current =
        backend("a 10.0.0.1:80", "b 10.0.0.2:80")
            + "backend be_api\n  server x 10.0.1.1:80\n"
            + "  server y 10.0.1.2:80\n";
    String candidate = current.replace("  server y 10.0.1.2:80\n", "");
    ChangeGuard guard = new ChangeGuard(GuardSettings.defaultSettings());
    LbConfig cur = LbConfig.parse(LbFormat.HAPROXY, current);
    LbConfig cand = LbConfig.parse(LbFormat.HAPROXY, candidate);

    assertThat(guard.check(cur, cand, "be_web").exitCode()).isZero();
    assertThat(guard.check(cur, cand, "be_api").exitCode()).isEqualTo(1);
    assertThatThrownBy(() -> guard.check(cur, cand, "be_nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown pool 'be_nope' (pools: be_web, be_api)");
  }

  @Test
  void hashedBalancingIsMarkedAsAnEstimate() {
    CheckReport r =
        check(
            backend("a 10.0.0.1:80", "b 10.0.0.2:80"),
            "backend be_web\n  balance source\n  server a 10.0.0.1:80\n  server b 10.0.0.2:80\n");
    assertThat(r.pools().get(0).sharesAfter().estimate()).isTrue();
    assertThat(ReportText.lines(r))
        .anySatisfy(l -> assertThat(l).contains("(estimate: balance source"));
  }
}
