package io.fulcrum.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fulcrum.guard.check.CheckReport;
import io.fulcrum.guard.check.Finding;
import io.fulcrum.guard.check.PoolDiff;
import io.fulcrum.guard.check.ReportText;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each incident class of the postmortems and each harmless change, as a real config pair for
 * HAProxy and nginx: the verdict, the exit code, the blocking rules and the predicted share of one
 * server after the change.
 */
class ChangeGuardPairsTest {
  @ParameterizedTest(name = "{0} {1}: exit {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      # format | case              | exit | blocking rules                          | pool         | server          | share after
      haproxy  | pool-typo         | 1    | SHARE_GROWTH SINGLE_SERVER CAPACITY_LOSS | be_web       | web-1           | 1.0
      haproxy  | route-typo        | 1    | UNKNOWN_POOL                            | be_web       | web-1           | 0.25
      haproxy  | dropped-servers   | 1    | SHARE_GROWTH CAPACITY_LOSS              | be_web       | web-1           | 0.5
      haproxy  | weight-typo       | 1    | SHARE_GROWTH                            | be_web       | web-1           | 0.7692
      haproxy  | template-count    | 1    | SHARE_GROWTH SINGLE_SERVER CAPACITY_LOSS | be_web       | web1            | 1.0
      haproxy  | disabled-flags    | 1    | SHARE_GROWTH SINGLE_SERVER CAPACITY_LOSS | be_web       | web-1           | 1.0
      haproxy  | backup-only       | 1    | BACKUP_ONLY                             | be_web       | web-bk          | 1.0
      haproxy  | duplicate-address | 1    | SHARE_GROWTH                            | be_web       | web-2           | 0.25
      haproxy  | balance-first     | 1    | SHARE_GROWTH SINGLE_SERVER              | be_web       | web-1           | 1.0
      haproxy  | timeouts          | 0    |                                         | be_web       | web-1           | 0.25
      haproxy  | comments          | 0    |                                         | be_web       | web-1           | 0.25
      haproxy  | reordered         | 0    |                                         | be_web       | web-1           | 0.25
      haproxy  | added-server      | 0    |                                         | be_web       | web-5           | 0.2
      haproxy  | canary-lowered    | 0    |                                         | be_web       | canary          | 0.0244
      haproxy  | drain-one         | 0    |                                         | be_web       | web-1           | 0.3333
      nginx    | pool-typo         | 1    | ROUTING                                 | be_web_debug | 10.0.1.1:8080   | 1.0
      nginx    | dropped-servers   | 1    | SHARE_GROWTH CAPACITY_LOSS              | be_web       | 10.0.1.1:8080   | 0.5
      nginx    | weight-typo       | 1    | SHARE_GROWTH                            | be_web       | 10.0.1.1:8080   | 0.7692
      nginx    | down-flags        | 1    | SHARE_GROWTH SINGLE_SERVER CAPACITY_LOSS | be_web       | 10.0.1.1:8080   | 1.0
      nginx    | backup-only       | 1    | BACKUP_ONLY                             | be_web       | 10.0.1.9:8080   | 1.0
      nginx    | duplicate-address | 1    | SHARE_GROWTH                            | be_web       | 10.0.1.1:8080#2 | 0.25
      nginx    | timeouts          | 0    |                                         | be_web       | 10.0.1.1:8080   | 0.25
      nginx    | comments          | 0    |                                         | be_web       | 10.0.1.1:8080   | 0.25
      nginx    | reordered         | 0    |                                         | be_web       | 10.0.1.1:8080   | 0.25
      nginx    | added-server      | 0    |                                         | be_web       | 10.0.1.5:8080   | 0.2
      nginx    | canary-lowered    | 0    |                                         | be_web       | 10.0.1.9:8080   | 0.0244
      nginx    | drain-one         | 0    |                                         | be_web       | 10.0.1.1:8080   | 0.3333
      nginx    | hash-estimate     | 0    |                                         | be_web       | 10.0.1.1:8080   | 0.25
      """)
  void blocksTheIncidentsAndPassesHarmlessChanges(
      String format,
      String name,
      int exit,
      String rules,
      String pool,
      String server,
      double share) {
    CheckReport r = Pairs.check(LbFormat.parse(format), name);
    String text = String.join("\n", ReportText.lines(r));

    assertThat(r.exitCode()).as(text).isEqualTo(exit);
    assertThat(r.verdict()).isEqualTo(exit == 0 ? "PASS" : "BLOCK");
    Set<String> blocking =
        r.findings().stream()
            .filter(Finding::blocks)
            .map(f -> f.rule().name())
            .collect(Collectors.toSet());
    Set<String> expected =
        rules == null ? Set.of() : Set.copyOf(Arrays.asList(rules.trim().split("\\s+")));
    assertThat(blocking).as(text).isEqualTo(expected);
    PoolDiff d = r.pools().stream().filter(p -> p.pool().equals(pool)).findFirst().orElseThrow();
    assertThat(d.sharesAfter().of(server)).as(text).isCloseTo(share, within(0.0001));
    assertThat(text).contains("verdict: " + r.verdict());
  }
}
