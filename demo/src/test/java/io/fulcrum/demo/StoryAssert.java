package io.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** The story's checks on what the topics hold, shared by the demo's ITs. */
final class StoryAssert {
  private StoryAssert() {}

  /**
   * Anomaly, then exactly one signed command, then APPLIED, then RESOLVED, in that order; and exit
   * code 0.
   */
  static void rolledBack(DemoRun run, String pool, String bad, String good) {
    assertThat(run.exitCode()).as("exit code").isZero();
    AnomalyEvent first =
        run.anomalies().stream()
            .filter(a -> a.getPool().equals(pool) && a.getStatus() == AnomalyStatus.STARTED)
            .findFirst()
            .orElseThrow();
    assertThat(first.getSuspectedCause().getVersion()).isEqualTo(bad);

    assertThat(run.commands()).hasSize(1);
    RollbackCommand c = run.commands().get(0);
    assertThat(c.getPool()).isEqualTo(pool);
    assertThat(c.getFromVersion()).isEqualTo(bad);
    assertThat(c.getToVersion()).isEqualTo(good);
    assertThat(c.getSignature()).isNotBlank();

    assertThat(run.results()).hasSize(1);
    RemediationResult r = run.results().get(0);
    assertThat(r.getCommandId()).isEqualTo(c.getCommandId());
    assertThat(r.getOutcome()).isEqualTo(RemediationOutcome.APPLIED);
    assertThat(r.getVersionAfter()).isEqualTo(good);

    Incident resolved = run.lastIncident();
    assertThat(resolved.getState()).isEqualTo(IncidentState.RESOLVED);
    assertThat(resolved.getRollbackCommandId()).isEqualTo(c.getCommandId());
    assertThat(resolved.getMttdMs()).isNotNull().isPositive();
    assertThat(resolved.getMttrMs()).isNotNull().isGreaterThan(resolved.getMttdMs());

    assertThat(first.getDetectedAt()).isBeforeOrEqualTo(c.getIssuedAt());
    assertThat(c.getIssuedAt()).isBeforeOrEqualTo(r.getFinishedAt());
    assertThat(r.getFinishedAt()).isBeforeOrEqualTo(resolved.getResolvedAt());

    assertThat(run.output())
        .contains("): RESOLVED", "MTTD ", "MTTR ", "rollback issued: " + bad + " -> " + good);
  }

  /**
   * The anomaly is raised and closed, with no command and no result: there was no change to roll
   * back.
   */
  static void alertedOnly(DemoRun run, String pool) {
    assertThat(run.exitCode()).as("exit code").isZero();
    assertThat(run.anomalies())
        .anyMatch(
            a ->
                a.getPool().equals(pool)
                    && a.getStatus() == AnomalyStatus.STARTED
                    && a.getSuspectedCause() == null);
    assertThat(run.commands()).isEmpty();
    assertThat(run.results()).isEmpty();
    Incident last = run.lastIncident();
    assertThat(last.getState()).isEqualTo(IncidentState.ALERT_ONLY);
    assertThat(last.getRecoveredAt()).isNotNull();
    assertThat(run.output()).contains("): ALERT_ONLY", "not explained by a config change");
  }

  /** Nothing left behind: no child process, and the broker's port is closed. */
  static void nothingLeft(DemoRun run) {
    assertThat(ProcessHandle.current().children().toList()).isEmpty();
    String[] hostPort = run.bootstrapServers().split(",")[0].split(":");
    boolean open;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
      open = true;
    } catch (IOException e) {
      open = false;
    }
    assertThat(open).as("broker port %s still open", run.bootstrapServers()).isFalse();
  }
}
