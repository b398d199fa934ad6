package io.fulcrum.serde;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyKind;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.ConfigChangeRef;
import io.fulcrum.avro.Evidence;
import io.fulcrum.avro.ExpectedSource;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.avro.ServerEvidence;
import io.fulcrum.avro.Severity;
import java.util.List;

/** Realistic records for serde tests. */
final class SampleRecords {
  static final long T0 = 1_718_031_600_000L;

  private SampleRecords() {}

  static RequestEvent request(String server, int status) {
    return RequestEvent.newBuilder()
        .setTimestamp(java.time.Instant.ofEpochMilli(T0))
        .setPool("be_web")
        .setServer(server)
        .setStatus(status)
        .setLatencyMs(42)
        .setBytes(2750)
        .setFrontend("http-in")
        .build();
  }

  static AnomalyEvent anomaly() {
    ServerEvidence web1 =
        ServerEvidence.newBuilder()
            .setServer("web-1")
            .setObservedCount(4000)
            .setExpectedCount(1000)
            .setObservedShare(1.0)
            .setExpectedShare(0.25)
            .build();
    ServerEvidence web2 =
        ServerEvidence.newBuilder()
            .setServer("web-2")
            .setObservedCount(0)
            .setExpectedCount(1000)
            .setObservedShare(0.0)
            .setExpectedShare(0.25)
            .build();
    return AnomalyEvent.newBuilder()
        .setId("be_web|IMBALANCE|1718031600000")
        .setKind(AnomalyKind.IMBALANCE)
        .setStatus(AnomalyStatus.STARTED)
        .setSeverity(Severity.CRITICAL)
        .setPool("be_web")
        .setServer(null)
        .setWindowStart(java.time.Instant.ofEpochMilli(T0))
        .setWindowEnd(java.time.Instant.ofEpochMilli(T0 + 10_000))
        .setOnset(java.time.Instant.ofEpochMilli(T0))
        .setDetectedAt(java.time.Instant.ofEpochMilli(T0 + 12_000))
        .setEvidence(
            Evidence.newBuilder()
                .setTest("G-test")
                .setStatistic(11090.4)
                .setDegreesOfFreedom(3)
                .setPValue(0.0)
                .setEffectSize(0.75)
                .setEffectMeasure("total variation distance")
                .setExpectedSource(ExpectedSource.BASELINE)
                .setBaselineWindows(12)
                .setTotalCount(4000)
                .setServers(List.of(web1, web2))
                .build())
        .setSuspectedCause(
            ConfigChangeRef.newBuilder()
                .setVersion("v42")
                .setDeployedAt(java.time.Instant.ofEpochMilli(T0 - 12_000))
                .setSecondsBeforeOnset(12)
                .setPreviousVersion("v41")
                .setAuthor("deploy-bot")
                .build())
        .setSummary(
            "be_web: web-1 got 100% of traffic (expected 25%) since config v42 was deployed 12 s before onset")
        .build();
  }
}
