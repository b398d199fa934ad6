package io.fulcrum.actuator;

import io.fulcrum.actuator.backend.BackendRoutes;
import io.fulcrum.config.Setting;
import io.fulcrum.serde.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The actuator's own {@code fulcrum.*} keys, each defined once with its default; the backend
 * sections' keys are in {@link BackendSettingsLoader}. {@link ActuatorSettings} reads them and
 * names them in its errors.
 */
public final class ActuatorKeys {
  private ActuatorKeys() {}

  private static final TopicNames TOPICS = TopicNames.defaults();

  public static final Setting<String> TOPIC_ROLLBACK_COMMANDS =
      Setting.string("fulcrum.topic.rollback-commands", TOPICS.rollbackCommands());
  public static final Setting<String> TOPIC_REMEDIATION_RESULTS =
      Setting.string("fulcrum.topic.remediation-results", TOPICS.remediationResults());
  public static final Setting<String> TOPIC_CONFIG_CHANGES =
      Setting.string("fulcrum.topic.config-changes", TOPICS.configChanges());
  public static final Setting<String> TOPIC_LEDGER =
      Setting.string("fulcrum.topic.actuator-ledger", "fulcrum.actuator-ledger");
  public static final Setting<String> KEY_FORMAT =
      Setting.oneOf("fulcrum.key.format", "avro", Set.of("avro", "string"));

  /** Default: the host name. */
  public static final Setting<Optional<String>> ID = Setting.optional("fulcrum.actuator.id");

  public static final Setting<String> BACKENDS = Setting.string(BackendRoutes.KEY, "*:dry-run");
  public static final Setting<Boolean> DRY_RUN = Setting.bool("fulcrum.actuator.dry-run", false);
  public static final Setting<Integer> MAX_PER_HOUR =
      Setting.intAtLeast("fulcrum.actuator.max-per-hour", 6, 1);
  public static final Setting<Duration> MAX_COMMAND_AGE =
      Setting.duration("fulcrum.actuator.max-command-age", "5m");
  public static final Setting<Boolean> PUBLISH_CONFIG_CHANGES =
      Setting.bool("fulcrum.actuator.publish-config-changes", true);
  public static final Setting<Duration> WATCH_INTERVAL =
      Setting.duration("fulcrum.actuator.watch.interval", "2s");
  public static final Setting<Boolean> WATCH_RUNTIME =
      Setting.bool("fulcrum.actuator.watch.runtime", true);
  public static final Setting<String> SIGNING_KEY_ID =
      Setting.string("fulcrum.signing.key-id", "default");
  public static final Setting<Optional<String>> SIGNING_SECRET =
      Setting.optional("fulcrum.signing.secret");

  /** Set with {@link #SIGNING_PREVIOUS_SECRET} during a key rotation. */
  public static final Setting<Optional<String>> SIGNING_PREVIOUS_KEY_ID =
      Setting.optional("fulcrum.signing.previous-key-id");

  public static final Setting<Optional<String>> SIGNING_PREVIOUS_SECRET =
      Setting.optional("fulcrum.signing.previous-secret");

  /** In the order of the defaults map. */
  static final List<Setting<?>> ALL =
      List.of(
          TOPIC_ROLLBACK_COMMANDS,
          TOPIC_REMEDIATION_RESULTS,
          TOPIC_CONFIG_CHANGES,
          TOPIC_LEDGER,
          KEY_FORMAT,
          ID,
          BACKENDS,
          DRY_RUN,
          MAX_PER_HOUR,
          MAX_COMMAND_AGE,
          PUBLISH_CONFIG_CHANGES,
          WATCH_INTERVAL,
          WATCH_RUNTIME,
          SIGNING_KEY_ID,
          SIGNING_SECRET,
          SIGNING_PREVIOUS_KEY_ID,
          SIGNING_PREVIOUS_SECRET);
}
