package io.fulcrum.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerTest {
  private static final Instant T = Instant.parse("2026-03-14T09:00:00Z");

  static RemediationResult entry(
      String id, String pool, RemediationOutcome outcome, Instant finished) {
    return RemediationResult.newBuilder()
        .setCommandId(id)
        .setIncidentId("i")
        .setPool(pool)
        .setOutcome(outcome)
        .setBackend("mem")
        .setRequestedVersion("v41")
        .setReceivedAt(finished)
        .setFinishedAt(finished)
        .setDurationMs(0)
        .build();
  }

  @Test
  void startedThenDoneIsDone() {
    Ledger l = new Ledger();
    l.put(entry("c1", "p", RemediationOutcome.UNKNOWN, T));
    assertThat(l.state("c1")).isEqualTo(Ledger.State.STARTED);

    l.put(entry("c1", "p", RemediationOutcome.APPLIED, T));
    assertThat(l.state("c1")).isEqualTo(Ledger.State.DONE);
    assertThat(l.state("c2")).isEqualTo(Ledger.State.NONE);
  }

  @Test
  void replayingAnOlderStartedEntryNeverUndoesDone() {
    Ledger l = new Ledger();
    l.put(entry("c1", "p", RemediationOutcome.APPLIED, T));
    l.put(entry("c1", "p", RemediationOutcome.UNKNOWN, T));

    assertThat(l.state("c1")).isEqualTo(Ledger.State.DONE);
  }

  @Test
  void countsOnlyAppliedCommandsOfThePoolSinceTheInstant() {
    Ledger l = new Ledger();
    l.put(entry("a", "p", RemediationOutcome.APPLIED, T.minusSeconds(3601)));
    l.put(entry("b", "p", RemediationOutcome.APPLIED, T.minusSeconds(60)));
    l.put(entry("c", "p", RemediationOutcome.DRY_RUN, T));
    l.put(entry("d", "p", RemediationOutcome.FAILED, T));
    l.put(entry("e", "q", RemediationOutcome.APPLIED, T));
    l.put(entry("f", "p", RemediationOutcome.APPLIED, T));

    assertThat(l.appliedSince("p", T.minusSeconds(3600))).isEqualTo(2);
  }
}
