package io.fulcrum.actuator;

import static io.fulcrum.actuator.ActuatorKeys.*;

import io.fulcrum.actuator.backend.BackendRoutes;
import io.fulcrum.actuator.haproxy.HaproxySettings;
import io.fulcrum.actuator.nginx.NginxSettings;
import io.fulcrum.actuator.webhook.WebhookSettings;
import io.fulcrum.config.RawConfig;
import io.fulcrum.config.SerdeConfig;
import io.fulcrum.config.Setting;
import io.fulcrum.metrics.MetricsSettings;
import io.fulcrum.serde.FulcrumTopics.KeyFormat;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.sign.CommandSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the actuator is configured with, typed and validated once. Each key is defined once,
 * with its default, in {@link ActuatorKeys} or {@link BackendSettingsLoader}; {@link #DEFAULTS}
 * lists them all, as does the README. Backend sections ({@code haproxy}, {@code nginx}, {@code
 * webhook}) are empty unless {@code fulcrum.actuator.backends} routes a pool to them and their main
 * key is set ({@code fulcrum.haproxy.store}, {@code fulcrum.nginx.store}, {@code
 * fulcrum.webhook.url}). {@code toString} never shows a secret.
 *
 * @param kafka pass-through keys for the Kafka clients and serdes ({@code group.id} defaults to
 *     fulcrum-actuator)
 * @param signer verifies commands with the current key and, during a rotation, the previous one
 * @param watchInterval how often the watcher looks for changes nobody announced; 0 = not at all
 * @param watchRuntime whether the watcher also audits HAProxy's runtime state (weights, MAINT,
 *     DRAIN)
 */
public record ActuatorSettings(
    Map<String, String> kafka,
    TopicNames topics,
    String ledgerTopic,
    KeyFormat keyFormat,
    String actuatorId,
    CommandSigner signer,
    BackendRoutes routes,
    boolean dryRun,
    int maxPerHour,
    Duration maxCommandAge,
    boolean publishConfigChanges,
    Duration watchInterval,
    boolean watchRuntime,
    Optional<HaproxySettings> haproxy,
    Optional<NginxSettings> nginx,
    Optional<WebhookSettings> webhook,
    MetricsSettings metrics) {
  public static final int DEFAULT_METRICS_PORT = 9405;
  public static final int MIN_SECRET_BYTES = 16;
  public static final String DEFAULT_GROUP_ID = "fulcrum-actuator";
  public static final Map<String, String> DEFAULTS = defaults();

  public ActuatorSettings {
    kafka = Map.copyOf(kafka);
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(haproxy, "haproxy");
    Objects.requireNonNull(nginx, "nginx");
    Objects.requireNonNull(webhook, "webhook");
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>(Setting.defaults(ActuatorKeys.ALL));
    d.putAll(Setting.defaults(BackendSettingsLoader.ALL));
    d.putAll(MetricsSettings.defaults(DEFAULT_METRICS_PORT));
    return Collections.unmodifiableMap(d);
  }

  /** Kafka settings the actuator defaults differently from Kafka; any may be overridden. */
  public static Map<String, String> kafkaDefaults() {
    return Map.of("group.id", DEFAULT_GROUP_ID, "auto.offset.reset", "earliest");
  }

  /** Defaults, then the file (if any), then {@code FULCRUM_*} variables from {@code env}. */
  public static ActuatorSettings load(Path file, Map<String, String> env) {
    Map<String, String> all = new LinkedHashMap<>(kafkaDefaults());
    all.putAll(DEFAULTS);
    return from(RawConfig.load(all, file, env));
  }

  /** For tests and the demo: defaults with overrides (a signing secret among them). */
  public static ActuatorSettings defaultsWith(Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>(kafkaDefaults());
    all.putAll(DEFAULTS);
    all.put(MetricsSettings.ENABLED, "false");
    all.putAll(overrides);
    all.values().removeIf(Objects::isNull);
    return from(RawConfig.of(all));
  }

  public static ActuatorSettings from(RawConfig c) {
    TopicNames d = TopicNames.defaults();
    TopicNames topics =
        new TopicNames(
            d.requests(),
            d.accessLogs(),
            TOPIC_CONFIG_CHANGES.read(c),
            d.poolWindows(),
            d.anomalies(),
            TOPIC_ROLLBACK_COMMANDS.read(c),
            TOPIC_REMEDIATION_RESULTS.read(c),
            d.incidents(),
            d.deadLetters(),
            d.approvals());
    KeyFormat keyFormat = KeyFormat.valueOf(KEY_FORMAT.read(c).toUpperCase(Locale.ROOT));
    BackendRoutes routes = BackendRoutes.parse(BACKENDS.read(c));
    Optional<String> id = ID.read(c);
    return new ActuatorSettings(
        c.passThrough(),
        topics,
        TOPIC_LEDGER.read(c),
        keyFormat,
        id.orElseGet(ActuatorSettings::defaultActuatorId),
        signer(c),
        routes,
        DRY_RUN.read(c),
        MAX_PER_HOUR.read(c),
        MAX_COMMAND_AGE.read(c),
        PUBLISH_CONFIG_CHANGES.read(c),
        WATCH_INTERVAL.read(c),
        WATCH_RUNTIME.read(c),
        section(c, routes, "haproxy")
            ? Optional.of(BackendSettingsLoader.haproxy(c))
            : Optional.empty(),
        section(c, routes, "nginx")
            ? Optional.of(BackendSettingsLoader.nginx(c))
            : Optional.empty(),
        section(c, routes, "webhook")
            ? Optional.of(BackendSettingsLoader.webhook(c))
            : Optional.empty(),
        MetricsSettings.from(c));
  }

  /**
   * A backend section is read when a pool is routed to it and its main key is set. Without the key,
   * the service fails at construction naming it, unless a backend of that name is passed in from
   * code.
   */
  private static boolean section(RawConfig c, BackendRoutes routes, String backend) {
    return routes.uses(backend) && BackendSettingsLoader.MAIN_KEYS.get(backend).read(c).isPresent();
  }

  public String groupId() {
    return kafka.getOrDefault("group.id", DEFAULT_GROUP_ID);
  }

  /** The serde settings (schema registry and friends) out of the pass-through map. */
  public Map<String, String> serdeConfig() {
    return SerdeConfig.of(kafka);
  }

  private static CommandSigner signer(RawConfig c) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String keyId = SIGNING_KEY_ID.read(c);
    keys.put(keyId, secret(c, SIGNING_SECRET));
    Optional<String> previousId = SIGNING_PREVIOUS_KEY_ID.read(c);
    Optional<String> previousSecret = SIGNING_PREVIOUS_SECRET.read(c);
    if (previousId.isPresent() != previousSecret.isPresent()) {
      throw (previousId.isEmpty() ? SIGNING_PREVIOUS_KEY_ID : SIGNING_PREVIOUS_SECRET)
          .invalid(
              SIGNING_PREVIOUS_KEY_ID.key()
                  + " and "
                  + SIGNING_PREVIOUS_SECRET.key()
                  + " go together (key rotation)");
    }
    if (previousId.isPresent()) {
      if (previousId.get().equals(keyId)) {
        throw SIGNING_PREVIOUS_KEY_ID.invalid("must differ from " + SIGNING_KEY_ID.key());
      }
      keys.put(previousId.get(), secret(c, SIGNING_PREVIOUS_SECRET));
    }
    return new CommandSigner(null, keys);
  }

  static byte[] secret(RawConfig c, Setting<Optional<String>> key) {
    String s =
        key.read(c)
            .orElseThrow(
                () ->
                    key.invalid(
                        "is required: the HMAC secret (set "
                            + key.envName()
                            + ", at least "
                            + MIN_SECRET_BYTES
                            + " bytes)"));
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw key.invalid("must have at least " + MIN_SECRET_BYTES + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  private static String defaultActuatorId() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return System.getenv().getOrDefault("HOSTNAME", "actuator");
    }
  }
}
