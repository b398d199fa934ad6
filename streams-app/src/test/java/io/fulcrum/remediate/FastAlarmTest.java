package io.fulcrum.remediate;

import static io.fulcrum.remediate.RemediationFixture.MINUTE;
import static io.fulcrum.remediate.RemediationFixture.POOL;
import static io.fulcrum.remediate.RemediationFixture.T0;
import static io.fulcrum.remediate.RemediationFixture.imbalance;
import static io.fulcrum.remediate.RemediationFixture.timeline;
import static io.fulcrum.remediate.RemediationFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.detect.Analysis;
import io.fulcrum.detect.ExpectedSource;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.distribution.ClosedWindow;
import io.fulcrum.distribution.ConfigTimeline;
import io.fulcrum.remediate.RemediationFixture.Driver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fast path's alarm opens the incident at once, with the change as its onset, and gets the same
 * one signed rollback to the last known good version; it never fires a second command, and never
 * blames a proven change.
 */
class FastAlarmTest {
  /** v41 proven for an hour; v42 deployed 3 s into window 12. */
  private static final long V42_AT = window(12) + 3_000;

  private static final ConfigTimeline V41_V42 = timeline("v41", T0 - 60 * MINUTE, "v42", V42_AT);

  private static WindowVerdict alarm(ConfigTimeline config, long changeAt, long at) {
    PoolObservation since =
        new PoolObservation(
            POOL,
            changeAt - changeAt % 1000,
            at,
            List.of(ServerObservation.of("web-1", 95, 0), ServerObservation.of("web-2", 5, 0)),
            0,
            null);
    Analysis a =
        new Analysis(
            List.of(imbalance()),
            Map.of("web-1", 0.5, "web-2", 0.5),
            ExpectedSource.BASELINE,
            false);
    ConfigEntry change = config.activeAt(changeAt).orElseThrow();
    return new WindowVerdict(new ClosedWindow(since, at, config, true), a, 30, change);
  }

  @Test
  void anAlarmSecondsAfterAFreshChangeRollsItBackAtOnceWithTheChangeAsOnset() {
    Driver d = new Driver();
    d.healthy(0, 12, V41_V42);
    RemediationOutput out = d.window(alarm(V41_V42, V42_AT, V42_AT + 2_000));

    RollbackCommand c = out.command().orElseThrow();
    assertThat(c.getFromVersion()).isEqualTo("v42");
    assertThat(c.getToVersion()).isEqualTo("v41");
    assertThat(c.getIssuedAt().toEpochMilli()).isEqualTo(V42_AT + 2_000);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.ROLLBACK_ISSUED);
    assertThat(d.lastIncident().getOnsetAt().toEpochMilli()).isEqualTo(V42_AT);
    assertThat(d.lastIncident().getMttdMs()).isEqualTo(2_000L);
    assertThat(d.lastIncident().getTimeline())
        .anySatisfy(e -> assertThat(e.getDescription()).contains("the fast path watched the pool"));
  }

  @Test
  void theWindowsThatFollowDoNotOpenASecondIncidentNorASecondCommand() {
    Driver d = new Driver();
    d.healthy(0, 12, V41_V42);
    d.window(alarm(V41_V42, V42_AT, V42_AT + 2_000));
    d.anomalous(12, 14, V41_V42);
    d.window(alarm(V41_V42, V42_AT, V42_AT + 5_000)); // a watch restarted after a crash fires again

    assertThat(d.commands).hasSize(1);
    assertThat(d.incidents.stream().map(i -> i.getIncidentId()).distinct()).hasSize(1);
  }

  @Test
  void aChangeBlamedBeforeIsNotBlamedAgainByALaterAlarm() {
    Driver d = new Driver();
    d.healthy(0, 12, V41_V42);
    RollbackCommand c = d.window(alarm(V41_V42, V42_AT, V42_AT + 2_000)).command().orElseThrow();
    d.result(RemediationFixture.applied(c));
    d.healthy(13, 16, V41_V42);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.RESOLVED);

    RemediationOutput again = d.window(alarm(V41_V42, V42_AT, window(16) + 1_000));
    assertThat(again.command()).isEmpty();
    assertThat(again.incident()).isEmpty();
  }

  @Test
  void aChangeThatAlreadyRanHealthyForTheFreshWindowsIsNotBlamedByAnAlarm() {
    long v42At = window(2);
    ConfigTimeline config = timeline("v41", T0 - 60 * MINUTE, "v42", v42At);
    Driver d = new Driver();
    d.healthy(
        0, 12, config); // v42 whole and healthy in windows 2..11: 10 windows, fresh-windows is 6

    RemediationOutput out = d.window(alarm(config, v42At, window(12) + 1_000));
    assertThat(out.command()).isEmpty();
    assertThat(out.incident()).isEmpty();
  }

  @Test
  void aWindowThatBeganBeforeTheOnsetIsNoEvidenceOfRecovery() {
    Driver d = new Driver();
    d.healthy(0, 12, V41_V42);
    RollbackCommand c = d.window(alarm(V41_V42, V42_AT, V42_AT + 2_000)).command().orElseThrow();
    d.result(RemediationFixture.applied(c));
    d.healthy(12, 13, V41_V42); // began 3 s before the onset: mostly the old routing
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.VERIFYING);
    d.healthy(13, 15, V41_V42);
    assertThat(d.lastIncident().getState()).isEqualTo(IncidentState.RESOLVED);
    assertThat(d.lastIncident().getRecoveredAt().toEpochMilli()).isEqualTo(window(13));
  }
}
