package io.fulcrum.app;

import io.fulcrum.config.Setting;
import io.fulcrum.detect.DetectionSettings;
import io.fulcrum.detect.sequential.SequentialSettings;
import io.fulcrum.metrics.MetricsSettings;
import io.fulcrum.query.RecentStores;
import io.fulcrum.remediate.RemediationSettings;
import io.fulcrum.serde.TopicNames;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@code fulcrum.*} key of the Streams app, each defined once with its default; {@link
 * FulcrumSettings} reads them and names them in its errors. What each does is in the README's
 * settings table, which {@code ReadmeSettingsTest} checks against {@link #DEFAULTS}. Domain
 * defaults (detection, remediation, topics) stay in their own records and are only rendered here.
 */
public final class FulcrumKeys {
  private FulcrumKeys() {}

  private static final TopicNames TOPICS = TopicNames.defaults();
  private static final DetectionSettings DETECT = DetectionSettings.defaults();
  private static final RemediationSettings REMEDIATE =
      RemediationSettings.defaults(FulcrumSettings.OFFLINE_SECRET);

  // Topics.
  public static final Setting<String> TOPIC_REQUESTS =
      Setting.string("fulcrum.topic.requests", TOPICS.requests());
  public static final Setting<String> TOPIC_ACCESS_LOGS =
      Setting.string("fulcrum.topic.access-logs", TOPICS.accessLogs());
  public static final Setting<String> TOPIC_CONFIG_CHANGES =
      Setting.string("fulcrum.topic.config-changes", TOPICS.configChanges());
  public static final Setting<String> TOPIC_POOL_WINDOWS =
      Setting.string("fulcrum.topic.pool-windows", TOPICS.poolWindows());
  public static final Setting<String> TOPIC_ANOMALIES =
      Setting.string("fulcrum.topic.anomalies", TOPICS.anomalies());
  public static final Setting<String> TOPIC_ROLLBACK_COMMANDS =
      Setting.string("fulcrum.topic.rollback-commands", TOPICS.rollbackCommands());
  public static final Setting<String> TOPIC_REMEDIATION_RESULTS =
      Setting.string("fulcrum.topic.remediation-results", TOPICS.remediationResults());
  public static final Setting<String> TOPIC_INCIDENTS =
      Setting.string("fulcrum.topic.incidents", TOPICS.incidents());
  public static final Setting<String> TOPIC_DLQ =
      Setting.string("fulcrum.topic.dlq", TOPICS.deadLetters());
  public static final Setting<String> TOPIC_APPROVALS =
      Setting.string("fulcrum.topic.approvals", TOPICS.approvals());

  // Input.
  public static final Setting<String> KEY_FORMAT =
      Setting.oneOf("fulcrum.key.format", "avro", Set.of("avro", "string"));
  public static final Setting<String> ACCESS_LOG_FORMAT =
      Setting.oneOf(
          "fulcrum.access-log.format", "auto", Set.of("auto", "haproxy", "nginx", "jsonl"));
  public static final Setting<String> ACCESS_LOG_TIMEZONE =
      Setting.string("fulcrum.access-log.timezone", "UTC");

  // Windows and their timing.
  public static final Setting<Duration> WINDOW_SIZE =
      Setting.duration("fulcrum.window.size", "10s");
  public static final Setting<Duration> WINDOW_GRACE =
      Setting.duration("fulcrum.window.grace", "2s");
  public static final Setting<Duration> FLUSH_INTERVAL =
      Setting.duration("fulcrum.flush.interval", "1s");
  public static final Setting<Duration> IDLE_CLOSE_AFTER =
      Setting.duration("fulcrum.idle.close-after", "3s");
  public static final Setting<Duration> INPUT_MAX_HOLD =
      Setting.duration("fulcrum.input.max-hold", "10m");
  public static final Setting<Duration> MEMBERSHIP_TTL =
      Setting.duration("fulcrum.membership.ttl", "10m");
  public static final Setting<Duration> POOL_FORGET_AFTER =
      Setting.duration("fulcrum.pool.forget-after", "1h");
  public static final Setting<Duration> CAUSE_LOOKBACK =
      Setting.duration("fulcrum.cause.lookback", "10m");
  public static final Setting<Integer> ANOMALY_UPDATE_EVERY =
      Setting.intAtLeast("fulcrum.anomaly.update-every", 6, 1);
  public static final Setting<Integer> ANOMALY_CLEAR_AFTER =
      Setting.intAtLeast("fulcrum.anomaly.clear-after", 2, 1);

  // Detection: the few thresholds worth tuning; the rest are DetectionSettings' defaults.
  public static final Setting<Double> DETECT_ALPHA =
      Setting.doubleBetween("fulcrum.detect.alpha", DETECT.alpha(), 1e-300, 0.5);
  public static final Setting<Integer> DETECT_MIN_WINDOW_COUNT =
      Setting.intAtLeast("fulcrum.detect.min-window-count", DETECT.minWindowCount(), 1);
  public static final Setting<Double> DETECT_IMBALANCE_MIN_EFFECT =
      Setting.doubleBetween(
          "fulcrum.detect.imbalance.min-effect", DETECT.imbalance().minTvd(), 0, 1);
  public static final Setting<Double> DETECT_ERROR_MIN_RATE =
      Setting.doubleBetween("fulcrum.detect.error.min-rate", DETECT.errors().minRate(), 0, 1);
  public static final Setting<Double> DETECT_LATENCY_MIN_RATIO =
      Setting.doubleBetween(
          "fulcrum.detect.latency.min-ratio", DETECT.latency().minRatio(), 1, 1000);
  public static final Setting<Double> DETECT_BASELINE_HALF_LIFE =
      Setting.doubleBetween(
          "fulcrum.detect.baseline.half-life-windows",
          DETECT.baseline().halfLifeWindows(),
          1,
          100_000);
  public static final Setting<Integer> DETECT_BASELINE_WARM =
      Setting.intAtLeast(
          "fulcrum.detect.baseline.warm-windows", DETECT.baseline().warmWindows(), 1);
  public static final Setting<Integer> POOL_PARTITIONS =
      Setting.intAtLeast("fulcrum.pool.partitions", 6, 1);

  // Fast path.
  public static final Setting<Duration> FAST_SLICE = Setting.duration("fulcrum.fast.slice", "1s");
  public static final Setting<Double> FAST_ALPHA =
      Setting.doubleBetween(
          "fulcrum.fast.alpha", SequentialSettings.defaults().alpha(), 1e-300, 0.5);

  // Remediation.
  public static final Setting<Boolean> REMEDIATION_ENABLED =
      Setting.bool("fulcrum.remediation.enabled", true);
  public static final Setting<Integer> REMEDIATION_PERSISTENCE_WINDOWS =
      Setting.intAtLeast(
          "fulcrum.remediation.persistence-windows", REMEDIATE.persistenceWindows(), 1);
  public static final Setting<Duration> REMEDIATION_LOOKBACK =
      Setting.duration("fulcrum.remediation.lookback", minutes(REMEDIATE.lookback()));
  public static final Setting<Integer> REMEDIATION_MIN_HEALTHY_WINDOWS =
      Setting.intAtLeast(
          "fulcrum.remediation.min-healthy-windows", REMEDIATE.minHealthyWindows(), 1);
  public static final Setting<Integer> REMEDIATION_FRESH_WINDOWS =
      Setting.intAtLeast("fulcrum.remediation.fresh-windows", REMEDIATE.freshWindows(), 1);
  public static final Setting<Duration> REMEDIATION_COOLDOWN =
      Setting.duration("fulcrum.remediation.cooldown", minutes(REMEDIATE.cooldown()));
  public static final Setting<Integer> REMEDIATION_MAX_PER_HOUR =
      Setting.intAtLeast("fulcrum.remediation.max-per-hour", REMEDIATE.maxRollbacksPerHour(), 0);
  public static final Setting<Boolean> REMEDIATION_DRY_RUN =
      Setting.bool("fulcrum.remediation.dry-run", false);
  public static final Setting<Boolean> REMEDIATION_KILL_SWITCH =
      Setting.bool("fulcrum.remediation.kill-switch", false);
  public static final Setting<Integer> REMEDIATION_VERIFICATION_WINDOWS =
      Setting.intAtLeast(
          "fulcrum.remediation.verification-windows", REMEDIATE.verificationWindows(), 1);
  public static final Setting<Integer> REMEDIATION_RECOVERY_WINDOWS =
      Setting.intAtLeast("fulcrum.remediation.recovery-windows", REMEDIATE.recoveryWindows(), 1);
  public static final Setting<Boolean> REMEDIATION_SECOND_ROLLBACK =
      Setting.bool("fulcrum.remediation.second-rollback", false);
  public static final Setting<String> REMEDIATION_MODE =
      Setting.string("fulcrum.remediation.mode", "auto");
  public static final Setting<Duration> REMEDIATION_APPROVAL_TIMEOUT =
      Setting.duration(
          "fulcrum.remediation.approval-timeout", minutes(REMEDIATE.approvalTimeout()));
  public static final Setting<String> SIGNING_KEY_ID =
      Setting.string("fulcrum.signing.key-id", REMEDIATE.keyId());

  /**
   * No default: {@code run} and the demo require or generate one; replay and tests sign offline.
   */
  public static final Setting<Optional<String>> SIGNING_SECRET =
      Setting.optional("fulcrum.signing.secret");

  // Query API.
  public static final Setting<String> API_HOST = Setting.string("fulcrum.api.host", "127.0.0.1");
  public static final Setting<Integer> API_PORT =
      Setting.port("fulcrum.api.port", FulcrumSettings.DEFAULT_API_PORT);

  /** Default: the bind host, unless that is a wildcard. */
  public static final Setting<Optional<String>> API_ADVERTISED_HOST =
      Setting.optional("fulcrum.api.advertised-host");

  /** Default: none, and the approve/decline endpoints answer 403. */
  public static final Setting<Optional<String>> API_APPROVE_TOKEN =
      Setting.optional("fulcrum.api.approve-token");

  /** Windows kept per pool for the API and the UI's chart: an hour of 10 s windows. */
  public static final Setting<Integer> API_RECENT_WINDOWS =
      Setting.intAtLeast("fulcrum.api.recent-windows", RecentStores.DEFAULT_WINDOWS_KEPT, 1);

  /** Every {@code fulcrum.*} key with its default (null: none), in the README's order. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d =
        new LinkedHashMap<>(
            Setting.defaults(
                List.of(
                    TOPIC_REQUESTS,
                    TOPIC_ACCESS_LOGS,
                    TOPIC_CONFIG_CHANGES,
                    TOPIC_POOL_WINDOWS,
                    TOPIC_ANOMALIES,
                    TOPIC_ROLLBACK_COMMANDS,
                    TOPIC_REMEDIATION_RESULTS,
                    TOPIC_INCIDENTS,
                    TOPIC_DLQ,
                    TOPIC_APPROVALS,
                    KEY_FORMAT,
                    ACCESS_LOG_FORMAT,
                    ACCESS_LOG_TIMEZONE,
                    WINDOW_SIZE,
                    WINDOW_GRACE,
                    FLUSH_INTERVAL,
                    IDLE_CLOSE_AFTER,
                    INPUT_MAX_HOLD,
                    MEMBERSHIP_TTL,
                    POOL_FORGET_AFTER,
                    CAUSE_LOOKBACK,
                    ANOMALY_UPDATE_EVERY,
                    ANOMALY_CLEAR_AFTER,
                    DETECT_ALPHA,
                    DETECT_MIN_WINDOW_COUNT,
                    DETECT_IMBALANCE_MIN_EFFECT,
                    DETECT_ERROR_MIN_RATE,
                    DETECT_LATENCY_MIN_RATIO,
                    DETECT_BASELINE_HALF_LIFE,
                    DETECT_BASELINE_WARM,
                    POOL_PARTITIONS,
                    FAST_SLICE,
                    FAST_ALPHA,
                    REMEDIATION_ENABLED,
                    REMEDIATION_PERSISTENCE_WINDOWS,
                    REMEDIATION_LOOKBACK,
                    REMEDIATION_MIN_HEALTHY_WINDOWS,
                    REMEDIATION_FRESH_WINDOWS,
                    REMEDIATION_COOLDOWN,
                    REMEDIATION_MAX_PER_HOUR,
                    REMEDIATION_DRY_RUN,
                    REMEDIATION_KILL_SWITCH,
                    REMEDIATION_VERIFICATION_WINDOWS,
                    REMEDIATION_RECOVERY_WINDOWS,
                    REMEDIATION_SECOND_ROLLBACK,
                    REMEDIATION_MODE,
                    REMEDIATION_APPROVAL_TIMEOUT,
                    SIGNING_KEY_ID,
                    SIGNING_SECRET)));
    d.putAll(MetricsSettings.defaults(FulcrumSettings.DEFAULT_METRICS_PORT));
    d.putAll(
        Setting.defaults(
            List.of(
                API_HOST, API_PORT, API_ADVERTISED_HOST, API_APPROVE_TOKEN, API_RECENT_WINDOWS)));
    return Collections.unmodifiableMap(d);
  }

  /** Remediation durations are whole minutes and documented as such ({@code 10m}). */
  private static String minutes(Duration d) {
    return d.toMinutes() + "m";
  }
}
