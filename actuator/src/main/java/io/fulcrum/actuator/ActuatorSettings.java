package io.fulcrum.actuator;

import io.fulcrum.actuator.backend.BackendRoutes;
import io.fulcrum.actuator.haproxy.HaproxySettings;
import io.fulcrum.actuator.nginx.NginxSettings;
import io.fulcrum.actuator.webhook.WebhookSettings;
import io.fulcrum.config.ConfigException;
import io.fulcrum.config.RawConfig;
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
import java.util.Set;

/**
 * Everything the actuator is configured with, typed and validated once. Keys and defaults are in {@link #DEFAULTS}
 * and the README. Backend sections ({@code haproxy}, {@code nginx}, {@code webhook}) are null unless
 * {@code fulcrum.actuator.backends} routes a pool to them and their main key is set ({@code fulcrum.haproxy.store},
 * {@code fulcrum.nginx.store}, {@code fulcrum.webhook.url}). {@code toString} never shows a secret.
 *
 * @param kafka  pass-through keys for the Kafka clients and serdes ({@code group.id} defaults to fulcrum-actuator)
 * @param signer verifies commands with the current key and, during a rotation, the previous one
 * @param watchInterval how often the watcher looks for changes nobody announced; 0 = not at all
 * @param watchRuntime  whether the watcher also audits HAProxy's runtime state (weights, MAINT, DRAIN)
 */
public record ActuatorSettings(Map<String, String> kafka, TopicNames topics, String ledgerTopic, KeyFormat keyFormat,
    String actuatorId, CommandSigner signer, BackendRoutes routes, boolean dryRun, int maxPerHour,
    Duration maxCommandAge, boolean publishConfigChanges, Duration watchInterval, boolean watchRuntime,
    HaproxySettings haproxy, NginxSettings nginx, WebhookSettings webhook, MetricsSettings metrics) {
  public static final int DEFAULT_METRICS_PORT = 9405;
  public static final int MIN_SECRET_BYTES = 16;
  public static final String DEFAULT_GROUP_ID = "fulcrum-actuator";
  public static final Map<String, String> DEFAULTS = defaults();

  public ActuatorSettings {
    kafka = Map.copyOf(kafka);
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(routes, "routes");
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    TopicNames t = TopicNames.defaults();
    d.put("fulcrum.topic.rollback-commands", t.rollbackCommands());
    d.put("fulcrum.topic.remediation-results", t.remediationResults());
    d.put("fulcrum.topic.config-changes", t.configChanges());
    d.put("fulcrum.topic.actuator-ledger", "fulcrum.actuator-ledger");
    d.put("fulcrum.key.format", "avro");
    d.put("fulcrum.actuator.id", null);
    d.put(BackendRoutes.KEY, "*:dry-run");
    d.put("fulcrum.actuator.dry-run", "false");
    d.put("fulcrum.actuator.max-per-hour", "6");
    d.put("fulcrum.actuator.max-command-age", "5m");
    d.put("fulcrum.actuator.publish-config-changes", "true");
    d.put("fulcrum.actuator.watch.interval", "2s");
    d.put("fulcrum.actuator.watch.runtime", "true");
    d.put("fulcrum.signing.key-id", "default");
    d.put("fulcrum.signing.secret", null);
    d.put("fulcrum.signing.previous-key-id", null);
    d.put("fulcrum.signing.previous-secret", null);
    d.putAll(BackendSettingsLoader.DEFAULTS);
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
    TopicNames topics = new TopicNames(d.requests(), d.accessLogs(), c.string("fulcrum.topic.config-changes"),
        d.poolWindows(), d.anomalies(), c.string("fulcrum.topic.rollback-commands"),
        c.string("fulcrum.topic.remediation-results"), d.incidents(), d.deadLetters(), d.approvals());
    KeyFormat keyFormat = KeyFormat.valueOf(c.oneOf("fulcrum.key.format", Set.of("avro", "string")).toUpperCase(Locale.ROOT));
    BackendRoutes routes = BackendRoutes.parse(c.string(BackendRoutes.KEY));
    String id = c.stringOr("fulcrum.actuator.id", null);
    return new ActuatorSettings(c.passThrough(), topics, c.string("fulcrum.topic.actuator-ledger"), keyFormat,
        id == null ? defaultActuatorId() : id, signer(c), routes, c.bool("fulcrum.actuator.dry-run"),
        c.intAtLeast("fulcrum.actuator.max-per-hour", 1), c.duration("fulcrum.actuator.max-command-age"),
        c.bool("fulcrum.actuator.publish-config-changes"), c.duration("fulcrum.actuator.watch.interval"),
        c.bool("fulcrum.actuator.watch.runtime"),
        section(c, routes, "haproxy") ? BackendSettingsLoader.haproxy(c) : null,
        section(c, routes, "nginx") ? BackendSettingsLoader.nginx(c) : null,
        section(c, routes, "webhook") ? BackendSettingsLoader.webhook(c) : null, MetricsSettings.from(c));
  }

  /**
   * A backend section is read when a pool is routed to it and its main key is set. Without the key, the service
   * fails at construction naming it, unless a backend of that name is passed in from code.
   */
  private static boolean section(RawConfig c, BackendRoutes routes, String backend) {
    return routes.uses(backend) && c.stringOr(BackendSettingsLoader.MAIN_KEYS.get(backend), null) != null;
  }

  public String groupId() {
    return kafka.getOrDefault("group.id", DEFAULT_GROUP_ID);
  }

  /** The serde settings (schema registry and friends) out of the pass-through map. */
  public Map<String, String> serdeConfig() {
    Map<String, String> m = new LinkedHashMap<>();
    kafka.forEach((k, v) -> {
      if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.") || k.equals("auto.register.schemas")) {
        m.put(k, v);
      }
    });
    return m;
  }

  private static CommandSigner signer(RawConfig c) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String keyId = c.string("fulcrum.signing.key-id");
    keys.put(keyId, secret(c, "fulcrum.signing.secret"));
    String previousId = c.stringOr("fulcrum.signing.previous-key-id", null);
    String previousSecret = c.stringOr("fulcrum.signing.previous-secret", null);
    if ((previousId == null) != (previousSecret == null)) {
      throw new ConfigException(previousId == null ? "fulcrum.signing.previous-key-id" : "fulcrum.signing.previous-secret",
          "fulcrum.signing.previous-key-id and fulcrum.signing.previous-secret go together (key rotation)");
    }
    if (previousId != null) {
      if (previousId.equals(keyId)) {
        throw new ConfigException("fulcrum.signing.previous-key-id", "must differ from fulcrum.signing.key-id");
      }
      keys.put(previousId, secret(c, "fulcrum.signing.previous-secret"));
    }
    return new CommandSigner(null, keys);
  }

  static byte[] secret(RawConfig c, String key) {
    String s = c.stringOr(key, null);
    if (s == null) {
      throw new ConfigException(key, "is required: the HMAC secret (set " + envName(key) + ", at least "
          + MIN_SECRET_BYTES + " bytes)");
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new ConfigException(key, "must have at least " + MIN_SECRET_BYTES + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  private static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static String defaultActuatorId() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return System.getenv().getOrDefault("HOSTNAME", "actuator");
    }
  }
}
