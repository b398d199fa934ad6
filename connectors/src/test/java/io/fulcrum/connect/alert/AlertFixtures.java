package io.fulcrum.connect.alert;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyKind;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.ConfigChangeRef;
import io.fulcrum.avro.Evidence;
import io.fulcrum.avro.ExpectedSource;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.ServerEvidence;
import io.fulcrum.avro.Severity;
import io.fulcrum.avro.TimelineEntry;
import io.fulcrum.avro.TimelineEventType;
import java.time.Instant;
import java.util.List;

/** An all-to-one anomaly on be_web blamed on config v42, and the incident it opens. */
public final class AlertFixtures {
  public static final Instant ONSET =
      Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  private AlertFixtures() {}

  public static AnomalyEvent anomaly(String pool, AnomalyStatus status, Severity severity) {
    return AnomalyEvent.newBuilder()
        .setId(pool + "/IMBALANCE/" + ONSET.toEpochMilli())
        .setKind(AnomalyKind.IMBALANCE)
        .setStatus(status)
        .setSeverity(severity)
        .setPool(pool)
        .setServer(null)
        .setWindowStart(ONSET.plusSeconds(60))
        .setWindowEnd(ONSET.plusSeconds(70))
        .setOnset(ONSET)
        .setDetectedAt(ONSET.plusSeconds(status == AnomalyStatus.CLEARED ? 300 : 20))
        .setEvidence(
            Evidence.newBuilder()
                .setTest("G-test")
                .setStatistic(812.5)
                .setDegreesOfFreedom(3)
                .setPValue(1e-170)
                .setEffectSize(0.74)
                .setEffectMeasure("total variation distance")
                .setExpectedSource(ExpectedSource.DECLARED)
                .setBaselineWindows(0)
                .setTotalCount(1000)
                .setServers(
                    List.of(
                        server("web-1", 990, 0.99),
                        server("web-2", 4, 0.004),
                        server("web-3", 3, 0.003),
                        server("web-4", 3, 0.003)))
                .build())
        .setSuspectedCause(
            ConfigChangeRef.newBuilder()
                .setVersion("v42")
                .setDeployedAt(ONSET.minusSeconds(30))
                .setSecondsBeforeOnset(30)
                .setPreviousVersion("v41")
                .setAuthor("deploy-bot")
                .setDescription(null)
                .build())
        .setSummary(
            pool
                + ": web-1 got 99% of traffic (expected 25%) since config v42 was deployed at onset")
        .build();
  }

  private static ServerEvidence server(String name, long count, double share) {
    return ServerEvidence.newBuilder()
        .setServer(name)
        .setObservedCount(count)
        .setExpectedCount(250)
        .setObservedShare(share)
        .setExpectedShare(0.25)
        .setErrorRate(name.equals("web-1") ? 0.42 : 0)
        .setBaselineErrorRate(0.002)
        .setP95Ms(120)
        .setBaselineP95Ms(40)
        .build();
  }

  public static Incident incident(String pool, IncidentState state) {
    boolean resolved = state == IncidentState.RESOLVED;
    return Incident.newBuilder()
        .setIncidentId(pool + "@" + ONSET)
        .setPool(pool)
        .setState(state)
        .setKinds(List.of(AnomalyKind.IMBALANCE, AnomalyKind.ERROR_SPIKE))
        .setSummary(pool + ": rolled back v42 to v41")
        .setSuspectedVersion("v42")
        .setLastKnownGoodVersion("v41")
        .setRollbackCommandId("cmd-1")
        .setConfigChangeAt(ONSET.minusSeconds(30))
        .setOnsetAt(ONSET)
        .setDetectedAt(ONSET.plusSeconds(20))
        .setRollbackIssuedAt(ONSET.plusSeconds(21))
        .setAppliedAt(ONSET.plusSeconds(22))
        .setRecoveredAt(resolved ? ONSET.plusSeconds(60) : null)
        .setResolvedAt(resolved ? ONSET.plusSeconds(80) : null)
        .setMttdMs(20_000L)
        .setMttrMs(resolved ? 60_000L : null)
        .setEscalationReason(state == IncidentState.ESCALATED ? "rollback FAILED" : null)
        .setUpdatedAt(ONSET.plusSeconds(resolved ? 80 : 22))
        .setTimeline(
            List.of(
                TimelineEntry.newBuilder()
                    .setAt(ONSET)
                    .setType(TimelineEventType.ONSET)
                    .setDescription("onset")
                    .build()))
        .build();
  }
}
