package io.fulcrum.app;

import static io.fulcrum.app.FulcrumKeys.*;

import io.fulcrum.config.ConfigException;
import io.fulcrum.config.RawConfig;
import io.fulcrum.config.SerdeConfig;
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
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the Streams app is configured with, typed and validated once at startup. Each key is
 * defined once in {@link FulcrumKeys} with its default; precedence (defaults, file, {@code
 * FULCRUM_*} variables) is {@link RawConfig}'s.
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
    Optional<RemediationSettings> remediation,
    MetricsSettings metrics,
    FastPath fastPath,
    Api api) {

  /**
   * Empty {@code remediation} means disabled: anomalies are still published, incidents and commands
   * are not.
   */
  public FulcrumSettings {
    kafka = Map.copyOf(kafka);
    Objects.requireNonNull(remediation, "remediation");
  }

  /**
   * The read-only query API ({@code /api/v1}).
   *
   * @param port 0 when the API is off
   * @param advertisedHost the host other instances reach this one at (Kafka Streams'
   *     application.server)
   * @param approveToken the bearer token of the approve/decline endpoints; empty when approvals are
   *     disabled
   * @param recentWindows windows kept per pool in the recent-windows store
   */
  public record Api(
      String host, int port, String advertisedHost, String approveToken, int recentWindows) {
    public boolean enabled() {
      return port != 0;
    }

    /** Settings end up in logs: the token is never printed. */
    @Override
    public String toString() {
      return "Api[host="
          + host
          + ", port="
          + port
          + ", advertisedHost="
          + advertisedHost
          + ", approveToken="
          + (approveToken.isEmpty() ? "(none)" : "***")
          + ", recentWindows="
          + recentWindows
          + "]";
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
   * Secret that {@link #defaultsWith} signs with when none is given: only for replay and tests,
   * whose commands never reach an actuator. {@code run} and the demo require or generate a real
   * one.
   */
  public static final String OFFLINE_SECRET = "fulcrum-offline-replay-only";

  /**
   * Every {@code fulcrum.*} key with its default; Kafka keys get defaults in {@link
   * #kafkaDefaults()}.
   */
  public static final Map<String, String> DEFAULTS = FulcrumKeys.DEFAULTS;

  /**
   * Kafka Streams settings Fulcrum defaults differently from Kafka; any of them may be overridden.
   */
  public static Map<String, String> kafkaDefaults() {
    Map<String, String> k = new LinkedHashMap<>();
    k.put("application.id", "fulcrum");
    k.put("processing.guarantee", "exactly_once_v2");
    k.put("num.stream.threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    k.put("commit.interval.ms", "1000");
    // Not -1 ("never wait"), although that saves a per-record log format: with it,
    // ExactlyOnceRollbackIT's
    // app on a real broker never issued its rollback. Kafka's default (0) stays until that is
    // understood.
    return k;
  }

  /** Defaults, then the file (if any), then {@code FULCRUM_*} variables from {@code env}. */
  public static FulcrumSettings load(Path file, Map<String, String> env) {
    Map<String, String> all = new LinkedHashMap<>(kafkaDefaults());
    all.putAll(DEFAULTS);
    return from(RawConfig.load(all, file, env));
  }

  public static FulcrumSettings from(RawConfig c) {
    TopicNames topics =
        new TopicNames(
            TOPIC_REQUESTS.read(c),
            TOPIC_ACCESS_LOGS.read(c),
            TOPIC_CONFIG_CHANGES.read(c),
            TOPIC_POOL_WINDOWS.read(c),
            TOPIC_ANOMALIES.read(c),
            TOPIC_ROLLBACK_COMMANDS.read(c),
            TOPIC_REMEDIATION_RESULTS.read(c),
            TOPIC_INCIDENTS.read(c),
            TOPIC_DLQ.read(c),
            TOPIC_APPROVALS.read(c));
    KeyFormat keyFormat = KeyFormat.valueOf(KEY_FORMAT.read(c).toUpperCase(Locale.ROOT));
    String format = ACCESS_LOG_FORMAT.read(c);
    ZoneId zone;
    try {
      zone = ZoneId.of(ACCESS_LOG_TIMEZONE.read(c));
    } catch (DateTimeException e) {
      throw ACCESS_LOG_TIMEZONE.invalid(e.getMessage());
    }
    Duration window = WINDOW_SIZE.read(c);
    if (window.toMillis() < 1000) {
      throw WINDOW_SIZE.invalid("must be at least 1s, got " + window.toMillis() + "ms");
    }
    Duration grace = WINDOW_GRACE.read(c);
    if (grace.compareTo(window) > 0) {
      throw WINDOW_GRACE.invalid(
          "must not exceed " + WINDOW_SIZE.key() + " (" + window.toMillis() + "ms)");
    }
    DetectionSettings detection = detection(c);
    return new FulcrumSettings(
        c.passThrough(),
        topics,
        keyFormat,
        format,
        zone,
        window,
        grace,
        FLUSH_INTERVAL.read(c),
        IDLE_CLOSE_AFTER.read(c),
        INPUT_MAX_HOLD.read(c),
        MEMBERSHIP_TTL.read(c),
        POOL_FORGET_AFTER.read(c),
        CAUSE_LOOKBACK.read(c),
        ANOMALY_UPDATE_EVERY.read(c),
        ANOMALY_CLEAR_AFTER.read(c),
        detection,
        POOL_PARTITIONS.read(c),
        remediation(c),
        MetricsSettings.from(c),
        fastPath(c, window),
        api(c));
  }

  /** The tunable thresholds from the keys; every other one keeps its default. */
  private static DetectionSettings detection(RawConfig c) {
    DetectionSettings d = DetectionSettings.defaults();
    try {
      double alpha = DETECT_ALPHA.read(c);
      int minWindowCount = DETECT_MIN_WINDOW_COUNT.read(c);
      var imbalance = d.imbalance().withMinTvd(DETECT_IMBALANCE_MIN_EFFECT.read(c));
      var errors = d.errors().withMinRate(DETECT_ERROR_MIN_RATE.read(c));
      var latency = d.latency().withMinRatio(DETECT_LATENCY_MIN_RATIO.read(c));
      var baseline =
          d.baseline()
              .withLearning(DETECT_BASELINE_HALF_LIFE.read(c), DETECT_BASELINE_WARM.read(c));
      return new DetectionSettings(
          alpha, minWindowCount, imbalance, errors, latency, d.silence(), baseline);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("fulcrum.detect.*", e.getMessage());
    }
  }

  /**
   * Other instances must reach the advertised host: the bind address, unless that is a wildcard.
   */
  private static Api api(RawConfig c) {
    String host = API_HOST.read(c);
    int port = API_PORT.read(c);
    Optional<String> advertised = API_ADVERTISED_HOST.read(c);
    if (advertised.isEmpty() && (host.equals("0.0.0.0") || host.equals("::"))) {
      throw API_ADVERTISED_HOST.invalid(
          "is required when "
              + API_HOST.key()
              + " is a wildcard ("
              + host
              + "): the address other instances reach this one at");
    }
    String token = API_APPROVE_TOKEN.read(c).map(String::trim).orElse("");
    return new Api(host, port, advertised.orElse(host), token, API_RECENT_WINDOWS.read(c));
  }

  /**
   * Watched for as long as a change may be blamed: {@code fulcrum.remediation.fresh-windows}
   * windows.
   */
  private static FastPath fastPath(RawConfig c, Duration window) {
    Duration slice = FAST_SLICE.read(c);
    if (!slice.isZero()
        && (slice.isNegative()
            || window.toMillis() % slice.toMillis() != 0
            || slice.compareTo(window) >= 0)) {
      throw FAST_SLICE.invalid(
          "must be 0 (off) or divide "
              + WINDOW_SIZE.key()
              + " ("
              + window.toMillis()
              + "ms) into at least two slices, got "
              + slice.toMillis()
              + "ms");
    }
    long freshMs = window.toMillis() * REMEDIATION_FRESH_WINDOWS.read(c);
    double alpha = FAST_ALPHA.read(c);
    return new FastPath(slice, SequentialSettings.defaults().withAlpha(alpha).withFreshMs(freshMs));
  }

  private static Optional<RemediationSettings> remediation(RawConfig c) {
    if (!REMEDIATION_ENABLED.read(c)) {
      return Optional.empty();
    }
    String secret =
        SIGNING_SECRET
            .read(c)
            .orElseThrow(
                () ->
                    SIGNING_SECRET.invalid(
                        "is required when "
                            + REMEDIATION_ENABLED.key()
                            + "=true: the HMAC secret shared with the actuator (set "
                            + SIGNING_SECRET.envName()
                            + ", at least "
                            + RemediationSettings.MIN_SECRET_BYTES
                            + " bytes)"));
    int persistence = REMEDIATION_PERSISTENCE_WINDOWS.read(c);
    int recovery = REMEDIATION_RECOVERY_WINDOWS.read(c);
    int verification = REMEDIATION_VERIFICATION_WINDOWS.read(c);
    if (verification < recovery) {
      throw REMEDIATION_VERIFICATION_WINDOWS.invalid(
          "must be >= "
              + REMEDIATION_RECOVERY_WINDOWS.key()
              + " ("
              + recovery
              + "), got "
              + verification);
    }
    RemediationSettings.Mode mode;
    try {
      mode = RemediationSettings.Mode.parse(REMEDIATION_MODE.read(c));
    } catch (IllegalArgumentException e) {
      throw REMEDIATION_MODE.invalid(e.getMessage());
    }
    Duration approvalTimeout = REMEDIATION_APPROVAL_TIMEOUT.read(c);
    if (approvalTimeout.isZero() || approvalTimeout.isNegative()) {
      throw REMEDIATION_APPROVAL_TIMEOUT.invalid("must be > 0, got " + approvalTimeout);
    }
    try {
      return Optional.of(
          new RemediationSettings(
              persistence,
              REMEDIATION_LOOKBACK.read(c),
              REMEDIATION_MIN_HEALTHY_WINDOWS.read(c),
              REMEDIATION_FRESH_WINDOWS.read(c),
              REMEDIATION_COOLDOWN.read(c),
              REMEDIATION_MAX_PER_HOUR.read(c),
              REMEDIATION_DRY_RUN.read(c),
              REMEDIATION_KILL_SWITCH.read(c),
              verification,
              recovery,
              REMEDIATION_SECOND_ROLLBACK.read(c),
              SIGNING_KEY_ID.read(c),
              secret,
              mode,
              approvalTimeout));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          e.getMessage().startsWith("the signing secret")
              ? SIGNING_SECRET.key()
              : "fulcrum.remediation.*",
          e.getMessage());
    }
  }

  /** Settings for tests, replay and the demo: defaults with a few overrides. */
  public static FulcrumSettings defaultsWith(Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>(kafkaDefaults());
    all.putAll(DEFAULTS);
    all.put(SIGNING_SECRET.key(), OFFLINE_SECRET);
    all.put(MetricsSettings.ENABLED, "false");
    all.put(API_PORT.key(), "0");
    all.putAll(overrides);
    all.values().removeIf(java.util.Objects::isNull);
    return from(RawConfig.of(all));
  }

  /** The serde settings (schema registry and friends) out of the pass-through map. */
  public Map<String, String> serdeConfig() {
    return SerdeConfig.of(kafka);
  }
}
