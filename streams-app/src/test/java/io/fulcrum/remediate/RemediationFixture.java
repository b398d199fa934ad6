package io.fulcrum.remediate;

import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.app.InternalSerde;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.ApprovalVerdict;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.internal.ConfigHistory;
import io.fulcrum.avro.internal.RemediationState;
import io.fulcrum.detect.Analysis;
import io.fulcrum.detect.AnomalyKind;
import io.fulcrum.detect.ExpectedSource;
import io.fulcrum.detect.Finding;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerEvidence;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.detect.Severity;
import io.fulcrum.distribution.ClosedWindow;
import io.fulcrum.distribution.ConfigTimeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hand-made window verdicts and config histories, and a driver that keeps one pool's state like the
 * store.
 */
final class RemediationFixture {
  static final String POOL = "be_web";

  /**
   * 09:00:00 UTC, a window boundary: window n starts n * 10 s later, so window 12 starts at
   * 09:02:00.
   */
  static final long T0 = Instant.parse("2026-03-14T09:00:00Z").toEpochMilli();

  static final long WINDOW_MS = 10_000;
  static final long GRACE_MS = 2_000;
  static final long MINUTE = 60_000;
  static final String SECRET = "test-secret-0123456789";

  private RemediationFixture() {}

  static RemediationSettings settings() {
    return RemediationSettings.defaults(SECRET);
  }

  static long window(int n) {
    return T0 + n * WINDOW_MS;
  }

  /** Event time at which window n closes (end plus grace). */
  static long closed(int n) {
    return window(n + 1) + GRACE_MS;
  }

  /** A config history from (version, deployedAt) pairs. */
  static ConfigTimeline timeline(Object... versionAndTime) {
    ConfigHistory h = null;
    for (int i = 0; i < versionAndTime.length; i += 2) {
      String version = (String) versionAndTime[i];
      h =
          ConfigTimeline.append(
              h,
              LbConfigChange.newBuilder()
                  .setPool(POOL)
                  .setVersion(version)
                  .setTimestamp(Instant.ofEpochMilli((Long) versionAndTime[i + 1]))
                  .setAuthor("alice")
                  .setDescription("deploy " + version)
                  .build());
    }
    return new ConfigTimeline(h);
  }

  static Finding imbalance() {
    return new Finding(
        AnomalyKind.IMBALANCE,
        Severity.CRITICAL,
        "web-1",
        "G-test",
        812.4,
        3,
        1e-30,
        0.74,
        "total variation distance",
        List.of(new ServerEvidence("web-1", 990, 250, 0.99, 0.25, 0.4, 0.002, 900, 40)),
        "web-1 got 99% of traffic (expected 25%)");
  }

  static Finding errorSpike() {
    return new Finding(
        AnomalyKind.ERROR_SPIKE,
        Severity.CRITICAL,
        null,
        "binomial",
        420,
        0,
        1e-40,
        0.42,
        "5xx rate",
        List.of(),
        "5xx rate 42% (baseline 0.2%)");
  }

  static WindowVerdict verdict(
      int n, ConfigTimeline config, long requests, List<Finding> findings) {
    List<ServerObservation> servers = new ArrayList<>();
    for (int s = 1; s <= 4; s++) {
      servers.add(ServerObservation.of("web-" + s, requests / 4, 0));
    }
    PoolObservation obs = new PoolObservation(POOL, window(n), window(n + 1), servers, 0, null);
    boolean healthy = findings.isEmpty() && requests >= 20;
    Analysis analysis =
        new Analysis(
            findings,
            Map.of("web-1", 0.25, "web-2", 0.25, "web-3", 0.25, "web-4", 0.25),
            ExpectedSource.BASELINE,
            healthy);
    return new WindowVerdict(new ClosedWindow(obs, closed(n), config), analysis, 30);
  }

  static WindowVerdict healthy(int n, ConfigTimeline config) {
    return verdict(n, config, 1000, List.of());
  }

  static WindowVerdict anomalous(int n, ConfigTimeline config, Finding... findings) {
    return verdict(
        n, config, 1000, findings.length == 0 ? List.of(imbalance()) : List.of(findings));
  }

  /** No finding, but too little traffic to call the window healthy. */
  static WindowVerdict quiet(int n, ConfigTimeline config) {
    return verdict(n, config, 8, List.of());
  }

  static RemediationResult result(
      RollbackCommand c, RemediationOutcome outcome, long durationMs, String reason) {
    Instant received = c.getIssuedAt().plusMillis(100);
    return RemediationResult.newBuilder()
        .setCommandId(c.getCommandId())
        .setIncidentId(c.getIncidentId())
        .setPool(c.getPool())
        .setOutcome(outcome)
        .setBackend("haproxy")
        .setRequestedVersion(c.getToVersion())
        .setVersionBefore(c.getFromVersion())
        .setVersionAfter(outcome == RemediationOutcome.APPLIED ? c.getToVersion() : null)
        .setReason(reason)
        .setReceivedAt(received)
        .setFinishedAt(received.plusMillis(durationMs))
        .setDurationMs(durationMs)
        .setActuatorId("actuator-1")
        .build();
  }

  static RemediationResult applied(RollbackCommand c) {
    return result(c, RemediationOutcome.APPLIED, 800, null);
  }

  /**
   * An operator's answer to the proposal of incident {@code incidentId}, given at event time {@code
   * at}.
   */
  static ApprovalDecision decision(
      String incidentId, ApprovalVerdict verdict, String by, String reason, long at) {
    return ApprovalDecision.newBuilder()
        .setIncidentId(incidentId)
        .setPool(POOL)
        .setDecision(verdict)
        .setBy(by)
        .setReason(reason)
        .setAt(Instant.ofEpochMilli(at))
        .setRequestId("req-" + by + "-" + at)
        .build();
  }

  static ApprovalDecision approve(String incidentId, String by, long at) {
    return decision(incidentId, ApprovalVerdict.APPROVE, by, null, at);
  }

  static ApprovalDecision decline(String incidentId, String by, String reason, long at) {
    return decision(incidentId, ApprovalVerdict.DECLINE, by, reason, at);
  }

  /**
   * One pool run through the policy the way the processor will: the state goes through its store
   * format (internal Avro bytes) between every two inputs, so anything not persisted is lost like
   * after a restart.
   */
  static final class Driver {
    private final InternalSerde<RemediationState> serde =
        new InternalSerde<>(RemediationState.class);
    final RemediationPolicy policy;
    private byte[] stored;
    final List<RollbackCommand> commands = new ArrayList<>();
    final List<Incident> incidents = new ArrayList<>();

    Driver(RemediationSettings settings) {
      this.policy = new RemediationPolicy(settings);
      this.stored = serde.serializer().serialize("store", PoolState.empty(POOL).toAvro());
    }

    Driver() {
      this(settings());
    }

    /** The same stored state under other settings, as after a restart with a changed config. */
    Driver restartedWith(RemediationSettings settings) {
      Driver d = new Driver(settings);
      d.stored = stored;
      return d;
    }

    RemediationOutput window(WindowVerdict v) {
      PoolState st = state();
      RemediationOutput out = policy.onWindow(st, v);
      return keep(st, out);
    }

    RemediationOutput result(RemediationResult r) {
      PoolState st = state();
      RemediationOutput out = policy.onResult(st, r);
      return keep(st, out);
    }

    RemediationOutput approval(ApprovalDecision d) {
      PoolState st = state();
      RemediationOutput out = policy.onApproval(st, d);
      return keep(st, out);
    }

    void healthy(int from, int toExclusive, ConfigTimeline config) {
      for (int n = from; n < toExclusive; n++) {
        window(RemediationFixture.healthy(n, config));
      }
    }

    void anomalous(int from, int toExclusive, ConfigTimeline config) {
      for (int n = from; n < toExclusive; n++) {
        window(RemediationFixture.anomalous(n, config));
      }
    }

    /** Windows n and n + 1 anomalous; the output of the second, where K = 2 decides. */
    RemediationOutput twoAnomalous(int n, ConfigTimeline config) {
      window(RemediationFixture.anomalous(n, config));
      return window(RemediationFixture.anomalous(n + 1, config));
    }

    PoolState state() {
      return PoolState.fromAvro(serde.deserializer().deserialize("store", stored));
    }

    Incident lastIncident() {
      return incidents.get(incidents.size() - 1);
    }

    RollbackCommand lastCommand() {
      return commands.get(commands.size() - 1);
    }

    private RemediationOutput keep(PoolState st, RemediationOutput out) {
      stored = serde.serializer().serialize("store", st.toAvro());
      out.command().ifPresent(commands::add);
      out.incident().ifPresent(incidents::add);
      return out;
    }
  }
}
