package io.fulcrum.anomaly;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.ConfigChangeRef;
import io.fulcrum.avro.DiagnosisEntry;
import io.fulcrum.avro.DiagnosisTheory;
import io.fulcrum.avro.DiagnosisVerdict;
import io.fulcrum.avro.Evidence;
import io.fulcrum.avro.ExpectedSource;
import io.fulcrum.avro.ServerEvidence;
import io.fulcrum.avro.Severity;
import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.detect.Diagnosis;
import io.fulcrum.detect.Finding;
import io.fulcrum.distribution.ConfigTimeline;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Builds the published {@link AnomalyEvent}: evidence, suspected config change and the one-line
 * summary.
 */
public final class AnomalyEvents {
  private static final DateTimeFormatter HMS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private final Duration lookback;

  public AnomalyEvents(Duration lookback) {
    this.lookback = lookback;
  }

  /** The latest change on the pool within the lookback before the onset window closed. */
  public Optional<ConfigEntry> suspect(ConfigTimeline config, long onset, long onsetWindowEnd) {
    return config.latestBetween(onset - lookback.toMillis(), onsetWindowEnd - 1);
  }

  public AnomalyEvent build(AnomalyLifecycle.Transition t, WindowVerdict v, Finding lastFinding) {
    Finding f = t.finding() != null ? t.finding() : lastFinding;
    long onset = t.tracker().getOnset();
    ConfigTimeline config = v.window().config();
    Optional<ConfigEntry> cause =
        suspect(config, onset, onset + (v.window().windowEnd() - v.window().windowStart()));
    String pool = v.window().pool();
    AnomalyEvent.Builder b =
        AnomalyEvent.newBuilder()
            .setId(t.tracker().getAnomalyId())
            .setKind(io.fulcrum.avro.AnomalyKind.valueOf(t.kind().name()))
            .setStatus(t.status())
            .setSeverity(
                t.status() == AnomalyStatus.CLEARED
                    ? Severity.INFO
                    : Severity.valueOf(t.tracker().getSeverity()))
            .setPool(pool)
            .setServer(t.tracker().getServer())
            .setWindowStart(Instant.ofEpochMilli(v.window().windowStart()))
            .setWindowEnd(Instant.ofEpochMilli(v.window().windowEnd()))
            .setOnset(Instant.ofEpochMilli(onset))
            .setDetectedAt(Instant.ofEpochMilli(v.window().closedAt()))
            .setEvidence(evidence(f, v))
            .setSuspectedCause(cause.map(c -> ref(c, config, onset)).orElse(null));
    if (t.status() != AnomalyStatus.CLEARED) {
      b.setDiagnosis(diagnosis(v.analysis().diagnosis()));
    }
    return b.setSummary(summary(t, pool, f, cause.orElse(null), onset)).build();
  }

  /** The Avro form of a diagnosis, as anomalies and incidents carry it. */
  public static List<DiagnosisEntry> diagnosis(Diagnosis d) {
    return d.hypotheses().stream()
        .map(
            h ->
                DiagnosisEntry.newBuilder()
                    .setTheory(DiagnosisTheory.valueOf(h.theory().name()))
                    .setVerdict(DiagnosisVerdict.valueOf(h.verdict().name()))
                    .setReason(h.reason())
                    .build())
        .toList();
  }

  private Evidence evidence(Finding f, WindowVerdict v) {
    ExpectedSource source = ExpectedSource.valueOf(v.analysis().expectedSource().name());
    Evidence.Builder e =
        Evidence.newBuilder()
            .setExpectedSource(source)
            .setBaselineWindows((int) v.baselineWindows())
            .setTotalCount(v.window().observation().requestCount());
    if (f == null) {
      return e.setTest("none")
          .setStatistic(0)
          .setPValue(1)
          .setEffectSize(0)
          .setEffectMeasure("none")
          .setServers(List.of())
          .build();
    }
    return e.setTest(f.test())
        .setStatistic(finite(f.statistic()))
        .setDegreesOfFreedom(f.degreesOfFreedom())
        .setPValue(finite(f.pValue()))
        .setEffectSize(finite(f.effectSize()))
        .setEffectMeasure(f.effectMeasure())
        .setServers(
            f.evidence().stream()
                .map(
                    s ->
                        ServerEvidence.newBuilder()
                            .setServer(s.server())
                            .setObservedCount(s.observedCount())
                            .setExpectedCount(finite(s.expectedCount()))
                            .setObservedShare(finite(s.observedShare()))
                            .setExpectedShare(finite(s.expectedShare()))
                            .setErrorRate(finite(s.errorRate()))
                            .setBaselineErrorRate(finite(s.baselineErrorRate()))
                            .setP95Ms(s.p95Ms())
                            .setBaselineP95Ms(s.baselineP95Ms())
                            .build())
                .toList())
        .build();
  }

  private static ConfigChangeRef ref(ConfigEntry c, ConfigTimeline config, long onset) {
    return ConfigChangeRef.newBuilder()
        .setVersion(c.getVersion())
        .setDeployedAt(Instant.ofEpochMilli(c.getTimestamp()))
        .setSecondsBeforeOnset(Math.floorDiv(onset - c.getTimestamp(), 1000))
        .setPreviousVersion(config.before(c).map(ConfigEntry::getVersion).orElse(null))
        .setAuthor(c.getAuthor())
        .setDescription(c.getDescription())
        .build();
  }

  private String summary(
      AnomalyLifecycle.Transition t, String pool, Finding f, ConfigEntry cause, long onset) {
    String what = f == null ? t.kind().name() : f.headline();
    if (t.status() == AnomalyStatus.CLEARED) {
      return pool
          + ": "
          + t.kind()
          + " cleared ("
          + what
          + " since "
          + HMS.format(Instant.ofEpochMilli(onset))
          + " UTC)";
    }
    return pool + ": " + what + " " + cause(cause, pool, onset);
  }

  private String cause(ConfigEntry c, String pool, long onset) {
    if (c == null) {
      return "with no config change on "
          + pool
          + " in the "
          + lookback.toMinutes()
          + " min before onset (not explained by a config change)";
    }
    long before = Math.floorDiv(onset - c.getTimestamp(), 1000);
    if (before == 0) {
      return "since config "
          + c.getVersion()
          + " was deployed at onset ("
          + HMS.format(Instant.ofEpochMilli(c.getTimestamp()))
          + " UTC)";
    }
    return before > 0
        ? "since config " + c.getVersion() + " was deployed " + before + " s before onset"
        : "right after config "
            + c.getVersion()
            + " was deployed at "
            + HMS.format(Instant.ofEpochMilli(c.getTimestamp()))
            + " UTC";
  }

  private static double finite(double d) {
    return Double.isFinite(d) ? d : (d > 0 ? Double.MAX_VALUE : d < 0 ? -Double.MAX_VALUE : 0);
  }
}
