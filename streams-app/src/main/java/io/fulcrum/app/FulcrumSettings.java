package io.fulcrum.app;

import io.fulcrum.config.RawConfig;
import io.fulcrum.config.SerdeConfig;
import io.fulcrum.config.ConfigException;
import io.fulcrum.detect.DetectionSettings;
import io.fulcrum.detect.sequential.SequentialSettings;
import io.fulcrum.metrics.MetricsSettings;
import io.fulcrum.remediate.RemediationSettings;
import io.fulcrum.serde.FulcrumTopics.KeyFormat;
import io.fulcrum.serde.TopicNames;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything the Streams app is configured with, typed and validated once at startup. Keys, defaults
 * and precedence are listed in {@link #DEFAULTS} and documented in the README.
 */
public record FulcrumSettings(
    Map<String, String> kafka,
    TopicNames topics,
    KeyFormat keyFormat,
    String accessLogFormat,
    ZoneId accessLogZone,
    Duration windowSize,
    Duration grace,
    Duration flushInterval,
    Duration idleCloseAfter,
    Duration inputMaxHold,
    Duration membershipTtl,
    Duration poolForgetAfter,
    Duration causeLookback,
    int anomalyUpdateEveryWindows,
    int anomalyClearAfterWindows,
    DetectionSettings detection,
    int poolPartitions,
    RemediationSettings remediation,
    MetricsSettings metrics,
    FastPath fastPath,
    Api api) {

  /**
   * The read-only query API ({@code /api/v1}).
   *
   * @param port 0 when the API is off
   * @param advertisedHost the host other instances reach this one at (Kafka Streams' application.server)
   * @param approveToken the bearer token of the approve/decline endpoints; empty when approvals are disabled
   */
  public record Api(String host, int port, String advertisedHost, String approveToken) {
    public boolean enabled() {
      return port != 0;
    }

    /** Settings end up in logs: the token is never printed. */
    @Override
    public String toString() {
      return "Api[host=" + host + ", port=" + port + ", advertisedHost=" + advertisedHost + ", approveToken="
          + (approveToken.isEmpty() ? "(none)" : "***") + "]";
    }
  }

  /**
   * The fast path: per-second slices judged by sequential tests while a change is fresh.
   *
   * @param slice zero when the fast path is off
   */
  public record FastPath(Duration slice, SequentialSettings tests) {
    public boolean enabled() {
      return !slice.isZero();
    }
  }

  /** Default port of the query API. */
  public static final int DEFAULT_API_PORT = 9406;
  /** Default Prometheus port of the Streams app (the actuator uses 9405). */
  public static final int DEFAULT_METRICS_PORT = 9404;
  /**
   * Secret that {@link #defaultsWith} signs with when none is given: only for replay and tests, whose
   * commands never reach an actuator. {@code run} and the demo require or generate a real one.
   */
  public static final String OFFLINE_SECRET = "fulcrum-offline-replay-only";

  /** Every {@code fulcrum.*} key with its default; Kafka keys get defaults in {@link #kafkaDefaults()}. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    TopicNames t = TopicNames.defaults();
    d.put("fulcrum.topic.requests", t.requests());
    d.put("fulcrum.topic.access-logs", t.accessLogs());
    d.put("fulcrum.topic.config-changes", t.configChanges());
    d.put("fulcrum.topic.pool-windows", t.poolWindows());
    d.put("fulcrum.topic.anomalies", t.anomalies());
    d.put("fulcrum.topic.rollback-commands", t.rollbackCommands());
    d.put("fulcrum.topic.remediation-results", t.remediationResults());
    d.put("fulcrum.topic.incidents", t.incidents());
    d.put("fulcrum.topic.dlq", t.deadLetters());
    d.put("fulcrum.topic.approvals", t.approvals());
    d.put("fulcrum.key.format", "avro");
    d.put("fulcrum.access-log.format", "auto");
    d.put("fulcrum.access-log.timezone", "UTC");
    d.put("fulcrum.window.size", "10s");
    d.put("fulcrum.window.grace", "2s");
    d.put("fulcrum.flush.interval", "1s");
    d.put("fulcrum.idle.close-after", "3s");
    d.put("fulcrum.input.max-hold", "10m");
    d.put("fulcrum.membership.ttl", "10m");
    d.put("fulcrum.pool.forget-after", "1h");
    d.put("fulcrum.cause.lookback", "10m");
    d.put("fulcrum.anomaly.update-every", "6");
    d.put("fulcrum.anomaly.clear-after", "2");
    DetectionSettings det = DetectionSettings.defaults();
    d.put("fulcrum.detect.alpha", Double.toString(det.alpha()));
    d.put("fulcrum.detect.min-window-count", Long.toString(det.minWindowCount()));
    d.put("fulcrum.detect.imbalance.min-effect", Double.toString(det.imbalance().minTvd()));
    d.put("fulcrum.detect.error.min-rate", Double.toString(det.errors().minRate()));
    d.put("fulcrum.detect.latency.min-ratio", Double.toString(det.latency().minRatio()));
    d.put("fulcrum.detect.baseline.half-life-windows", Double.toString(det.baseline().halfLifeWindows()));
    d.put("fulcrum.detect.baseline.warm-windows", Integer.toString(det.baseline().warmWindows()));
    d.put("fulcrum.pool.partitions", "6");
    d.put("fulcrum.fast.slice", "1s");
    d.put("fulcrum.fast.alpha", Double.toString(SequentialSettings.defaults().alpha()));
    RemediationSettings rem = RemediationSettings.defaults(OFFLINE_SECRET);
    d.put("fulcrum.remediation.enabled", "true");
    d.put("fulcrum.remediation.persistence-windows", Integer.toString(rem.persistenceWindows()));
    d.put("fulcrum.remediation.lookback", rem.lookback().toMinutes() + "m");
    d.put("fulcrum.remediation.min-healthy-windows", Integer.toString(rem.minHealthyWindows()));
    d.put("fulcrum.remediation.fresh-windows", Integer.toString(rem.freshWindows()));
    d.put("fulcrum.remediation.cooldown", rem.cooldown().toMinutes() + "m");
    d.put("fulcrum.remediation.max-per-hour", Integer.toString(rem.maxRollbacksPerHour()));
    d.put("fulcrum.remediation.dry-run", "false");
    d.put("fulcrum.remediation.kill-switch", "false");
    d.put("fulcrum.remediation.verification-windows", Integer.toString(rem.verificationWindows()));
    d.put("fulcrum.remediation.recovery-windows", Integer.toString(rem.recoveryWindows()));
    d.put("fulcrum.remediation.second-rollback", "false");
    d.put("fulcrum.remediation.mode", "auto");
    d.put("fulcrum.remediation.approval-timeout", rem.approvalTimeout().toMinutes() + "m");
    d.put("fulcrum.signing.key-id", rem.keyId());
    d.put("fulcrum.signing.secret", null);
    d.putAll(MetricsSettings.defaults(DEFAULT_METRICS_PORT));
    d.put("fulcrum.api.host", "127.0.0.1");
    d.put("fulcrum.api.port", Integer.toString(DEFAULT_API_PORT));
    d.put("fulcrum.api.advertised-host", null); // the bind host, unless that is a wildcard
    d.put("fulcrum.api.approve-token", null); // none: the approve/decline endpoints answer 403
    return java.util.Collections.unmodifiableMap(d);
  }

  /** Kafka Streams settings Fulcrum defaults differently from Kafka; any of them may be overridden. */
  public static Map<String, String> kafkaDefaults() {
    Map<String, String> k = new LinkedHashMap<>();
    k.put("application.id", "fulcrum");
    k.put("processing.guarantee", "exactly_once_v2");
    k.put("num.stream.threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    k.put("commit.interval.ms", "1000");
    // Not -1 ("never wait"), although that saves a per-record log format: with it, ExactlyOnceRollbackIT's
    // app on a real broker never issued its rollback. Kafka's default (0) stays until that is understood.
    return k;
  }

  /** Defaults, then the file (if any), then {@code FULCRUM_*} variables from {@code env}. */
  public static FulcrumSettings load(Path file, Map<String, String> env) {
    Map<String, String> all = new LinkedHashMap<>(kafkaDefaults());
    all.putAll(DEFAULTS);
    return from(RawConfig.load(all, file, env));
  }

  public static FulcrumSettings from(RawConfig c) {
    TopicNames topics = new TopicNames(c.string("fulcrum.topic.requests"), c.string("fulcrum.topic.access-logs"),
        c.string("fulcrum.topic.config-changes"), c.string("fulcrum.topic.pool-windows"),
        c.string("fulcrum.topic.anomalies"), c.string("fulcrum.topic.rollback-commands"),
        c.string("fulcrum.topic.remediation-results"), c.string("fulcrum.topic.incidents"),
        c.string("fulcrum.topic.dlq"), c.string("fulcrum.topic.approvals"));
    KeyFormat keyFormat = KeyFormat.valueOf(c.oneOf("fulcrum.key.format", Set.of("avro", "string")).toUpperCase(Locale.ROOT));
    String format = c.oneOf("fulcrum.access-log.format", Set.of("auto", "haproxy", "nginx", "jsonl"));
    ZoneId zone;
    try {
      zone = ZoneId.of(c.string("fulcrum.access-log.timezone"));
    } catch (DateTimeException e) {
      throw new ConfigException("fulcrum.access-log.timezone", e.getMessage());
    }
    Duration window = c.duration("fulcrum.window.size");
    if (window.toMillis() < 1000) {
      throw new ConfigException("fulcrum.window.size", "must be at least 1s, got " + window.toMillis() + "ms");
    }
    Duration grace = c.duration("fulcrum.window.grace");
    if (grace.compareTo(window) > 0) {
      throw new ConfigException("fulcrum.window.grace", "must not exceed fulcrum.window.size (" + window.toMillis() + "ms)");
    }
    DetectionSettings d0 = DetectionSettings.defaults();
    DetectionSettings detection;
    try {
      double alpha = c.doubleBetween("fulcrum.detect.alpha", 1e-300, 0.5);
      int minWindowCount = c.intAtLeast("fulcrum.detect.min-window-count", 1);
      var imbalance = d0.imbalance().withMinTvd(c.doubleBetween("fulcrum.detect.imbalance.min-effect", 0, 1));
      var errors = d0.errors().withMinRate(c.doubleBetween("fulcrum.detect.error.min-rate", 0, 1));
      var latency = d0.latency().withMinRatio(c.doubleBetween("fulcrum.detect.latency.min-ratio", 1, 1000));
      var baseline = d0.baseline().withLearning(c.doubleBetween("fulcrum.detect.baseline.half-life-windows", 1, 100_000),
          c.intAtLeast("fulcrum.detect.baseline.warm-windows", 1));
      detection = new DetectionSettings(alpha, minWindowCount, imbalance, errors, latency, d0.silence(), baseline);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("fulcrum.detect.*", e.getMessage());
    }
    return new FulcrumSettings(c.passThrough(), topics, keyFormat, format, zone, window, grace,
        c.duration("fulcrum.flush.interval"), c.duration("fulcrum.idle.close-after"), c.duration("fulcrum.input.max-hold"),
        c.duration("fulcrum.membership.ttl"),
        c.duration("fulcrum.pool.forget-after"), c.duration("fulcrum.cause.lookback"),
        c.intAtLeast("fulcrum.anomaly.update-every", 1), c.intAtLeast("fulcrum.anomaly.clear-after", 1), detection,
        c.intAtLeast("fulcrum.pool.partitions", 1), remediation(c), MetricsSettings.from(c), fastPath(c, window), api(c));
  }

  /** Other instances must reach the advertised host: the bind address, unless that is a wildcard. */
  private static Api api(RawConfig c) {
    String host = c.string("fulcrum.api.host");
    int port = c.port("fulcrum.api.port");
    String advertised = c.stringOr("fulcrum.api.advertised-host", "");
    if (advertised == null || advertised.isBlank()) {
      if (host.equals("0.0.0.0") || host.equals("::")) {
        throw new ConfigException("fulcrum.api.advertised-host", "is required when fulcrum.api.host is a wildcard ("
            + host + "): the address other instances reach this one at");
      }
      advertised = host;
    }
    String token = c.stringOr("fulcrum.api.approve-token", "");
    return new Api(host, port, advertised, token == null ? "" : token.trim());
  }

  /** Watched for as long as a change may be blamed: {@code fulcrum.remediation.fresh-windows} windows. */
  private static FastPath fastPath(RawConfig c, Duration window) {
    Duration slice = c.duration("fulcrum.fast.slice");
    if (!slice.isZero() && (slice.isNegative() || window.toMillis() % slice.toMillis() != 0
        || slice.compareTo(window) >= 0)) {
      throw new ConfigException("fulcrum.fast.slice", "must be 0 (off) or divide fulcrum.window.size ("
          + window.toMillis() + "ms) into at least two slices, got " + slice.toMillis() + "ms");
    }
    long freshMs = window.toMillis() * c.intAtLeast("fulcrum.remediation.fresh-windows", 1);
    SequentialSettings d = SequentialSettings.defaults();
    double alpha = c.doubleBetween("fulcrum.fast.alpha", 1e-300, 0.5);
    return new FastPath(slice, new SequentialSettings(alpha, d.shareGrowth(), d.sharePoints(), d.starvedFraction(),
        d.minStarvedShare(), d.errorMultiple(), d.errorMinRate(), freshMs));
  }

  /** Null when remediation is disabled: anomalies are still published, incidents and commands are not. */
  private static RemediationSettings remediation(RawConfig c) {
    if (!c.bool("fulcrum.remediation.enabled")) {
      return null;
    }
    String secret = c.stringOr("fulcrum.signing.secret", null);
    if (secret == null || secret.isBlank()) {
      throw new ConfigException("fulcrum.signing.secret", "is required when fulcrum.remediation.enabled=true: the "
          + "HMAC secret shared with the actuator (set FULCRUM_SIGNING_SECRET, at least "
          + RemediationSettings.MIN_SECRET_BYTES + " bytes)");
    }
    int persistence = c.intAtLeast("fulcrum.remediation.persistence-windows", 1);
    int recovery = c.intAtLeast("fulcrum.remediation.recovery-windows", 1);
    int verification = c.intAtLeast("fulcrum.remediation.verification-windows", 1);
    if (verification < recovery) {
      throw new ConfigException("fulcrum.remediation.verification-windows", "must be >= "
          + "fulcrum.remediation.recovery-windows (" + recovery + "), got " + verification);
    }
    RemediationSettings.Mode mode;
    try {
      mode = RemediationSettings.Mode.parse(c.string("fulcrum.remediation.mode"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("fulcrum.remediation.mode", e.getMessage());
    }
    Duration approvalTimeout = c.duration("fulcrum.remediation.approval-timeout");
    if (approvalTimeout.isZero() || approvalTimeout.isNegative()) {
      throw new ConfigException("fulcrum.remediation.approval-timeout", "must be > 0, got " + approvalTimeout);
    }
    try {
      return new RemediationSettings(persistence, c.duration("fulcrum.remediation.lookback"),
          c.intAtLeast("fulcrum.remediation.min-healthy-windows", 1),
          c.intAtLeast("fulcrum.remediation.fresh-windows", 1), c.duration("fulcrum.remediation.cooldown"),
          c.intAtLeast("fulcrum.remediation.max-per-hour", 0), c.bool("fulcrum.remediation.dry-run"),
          c.bool("fulcrum.remediation.kill-switch"), verification, recovery,
          c.bool("fulcrum.remediation.second-rollback"), c.string("fulcrum.signing.key-id"), secret, mode,
          approvalTimeout);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage().startsWith("the signing secret") ? "fulcrum.signing.secret"
          : "fulcrum.remediation.*", e.getMessage());
    }
  }

  /** Settings for tests, replay and the demo: defaults with a few overrides. */
  public static FulcrumSettings defaultsWith(Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>(kafkaDefaults());
    all.putAll(DEFAULTS);
    all.put("fulcrum.signing.secret", OFFLINE_SECRET);
    all.put(MetricsSettings.ENABLED, "false");
    all.put("fulcrum.api.port", "0");
    all.putAll(overrides);
    all.values().removeIf(java.util.Objects::isNull);
    return from(RawConfig.of(all));
  }

  /** The serde settings (schema registry and friends) out of the pass-through map. */
  public Map<String, String> serdeConfig() {
    return SerdeConfig.of(kafka);
  }
}
