package io.fulcrum.actuator;

import io.fulcrum.actuator.backend.BackendRoutes;
import io.fulcrum.actuator.haproxy.HaproxySettings;
import io.fulcrum.actuator.nginx.NginxSettings;
import io.fulcrum.actuator.webhook.WebhookSettings;
import io.fulcrum.config.ConfigException;
import io.fulcrum.config.RawConfig;
import io.fulcrum.config.Setting;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code fulcrum.haproxy.*}, {@code fulcrum.nginx.*} and {@code fulcrum.webhook.*} keys, read
 * only when used.
 */
final class BackendSettingsLoader {
  static final Setting<String> HAPROXY_BINARY = Setting.string("fulcrum.haproxy.binary", "haproxy");
  static final Setting<Optional<String>> HAPROXY_STORE = Setting.optional("fulcrum.haproxy.store");

  /** Comma-separated files loaded before the active version, in order. */
  static final Setting<Optional<String>> HAPROXY_BASE_CONFIG =
      Setting.optional("fulcrum.haproxy.base-config");

  static final Setting<Optional<String>> HAPROXY_MASTER_SOCKET =
      Setting.optional("fulcrum.haproxy.master-socket");
  static final Setting<Optional<String>> HAPROXY_STATS_SOCKET =
      Setting.optional("fulcrum.haproxy.stats-socket");
  static final Setting<Duration> HAPROXY_VERIFY_TIMEOUT =
      Setting.duration("fulcrum.haproxy.verify-timeout", "10s");
  static final Setting<Duration> HAPROXY_COMMAND_TIMEOUT =
      Setting.duration("fulcrum.haproxy.command-timeout", "10s");
  static final Setting<String> NGINX_BINARY = Setting.string("fulcrum.nginx.binary", "nginx");
  static final Setting<Optional<String>> NGINX_STORE = Setting.optional("fulcrum.nginx.store");
  static final Setting<Optional<String>> NGINX_CONFIG = Setting.optional("fulcrum.nginx.config");
  static final Setting<Optional<String>> NGINX_PREFIX = Setting.optional("fulcrum.nginx.prefix");
  static final Setting<Optional<String>> NGINX_PID_FILE =
      Setting.optional("fulcrum.nginx.pid-file");
  static final Setting<Duration> NGINX_VERIFY_TIMEOUT =
      Setting.duration("fulcrum.nginx.verify-timeout", "10s");
  static final Setting<Duration> NGINX_COMMAND_TIMEOUT =
      Setting.duration("fulcrum.nginx.command-timeout", "10s");
  static final Setting<Optional<String>> WEBHOOK_URL = Setting.optional("fulcrum.webhook.url");
  static final Setting<Optional<String>> WEBHOOK_SECRET =
      Setting.optional("fulcrum.webhook.secret");
  static final Setting<Duration> WEBHOOK_CONNECT_TIMEOUT =
      Setting.duration("fulcrum.webhook.connect-timeout", "2s");
  static final Setting<Duration> WEBHOOK_TIMEOUT =
      Setting.duration("fulcrum.webhook.timeout", "10s");
  static final Setting<Integer> WEBHOOK_RETRIES =
      Setting.intAtLeast("fulcrum.webhook.retries", 3, 0);
  static final Setting<Duration> WEBHOOK_BACKOFF =
      Setting.duration("fulcrum.webhook.backoff", "500ms");

  /** In the order of the defaults map. */
  static final List<Setting<?>> ALL =
      List.of(
          HAPROXY_BINARY,
          HAPROXY_STORE,
          HAPROXY_BASE_CONFIG,
          HAPROXY_MASTER_SOCKET,
          HAPROXY_STATS_SOCKET,
          HAPROXY_VERIFY_TIMEOUT,
          HAPROXY_COMMAND_TIMEOUT,
          NGINX_BINARY,
          NGINX_STORE,
          NGINX_CONFIG,
          NGINX_PREFIX,
          NGINX_PID_FILE,
          NGINX_VERIFY_TIMEOUT,
          NGINX_COMMAND_TIMEOUT,
          WEBHOOK_URL,
          WEBHOOK_SECRET,
          WEBHOOK_CONNECT_TIMEOUT,
          WEBHOOK_TIMEOUT,
          WEBHOOK_RETRIES,
          WEBHOOK_BACKOFF);

  /** The key whose presence turns a backend section on. */
  static final Map<String, Setting<Optional<String>>> MAIN_KEYS =
      Map.of("haproxy", HAPROXY_STORE, "nginx", NGINX_STORE, "webhook", WEBHOOK_URL);

  private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

  private BackendSettingsLoader() {}

  static HaproxySettings haproxy(RawConfig c) {
    List<Path> baseFiles =
        Arrays.stream(HAPROXY_BASE_CONFIG.read(c).orElse("").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(Path::of)
            .toList();
    Path stats = HAPROXY_STATS_SOCKET.read(c).map(Path::of).orElse(null);
    return new HaproxySettings(
        program(c, HAPROXY_BINARY),
        directory(c, HAPROXY_STORE, "haproxy"),
        baseFiles,
        Path.of(required(c, HAPROXY_MASTER_SOCKET, "haproxy")),
        stats,
        positive(c, HAPROXY_VERIFY_TIMEOUT),
        positive(c, HAPROXY_COMMAND_TIMEOUT));
  }

  static NginxSettings nginx(RawConfig c) {
    return new NginxSettings(
        program(c, NGINX_BINARY),
        directory(c, NGINX_STORE, "nginx"),
        optionalPath(c, NGINX_CONFIG),
        optionalPath(c, NGINX_PREFIX),
        optionalPath(c, NGINX_PID_FILE),
        positive(c, NGINX_VERIFY_TIMEOUT),
        positive(c, NGINX_COMMAND_TIMEOUT));
  }

  static WebhookSettings webhook(RawConfig c) {
    String url = required(c, WEBHOOK_URL, "webhook");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw WEBHOOK_URL.invalid("'" + url + "' is not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw WEBHOOK_URL.invalid("'" + url + "' must be an http:// or https:// URL with a host");
    }
    return new WebhookSettings(
        uri,
        ActuatorSettings.secret(c, WEBHOOK_SECRET),
        positive(c, WEBHOOK_CONNECT_TIMEOUT),
        positive(c, WEBHOOK_TIMEOUT),
        WEBHOOK_RETRIES.read(c),
        WEBHOOK_BACKOFF.read(c));
  }

  /** The error for a routed built-in backend whose section is not configured. */
  static ConfigException missing(String backend) {
    return notRouted(MAIN_KEYS.get(backend), backend);
  }

  private static ConfigException notRouted(Setting<?> key, String backend) {
    return key.invalid("is required when " + BackendRoutes.KEY + " routes a pool to " + backend);
  }

  private static String required(RawConfig c, Setting<Optional<String>> key, String backend) {
    return key.read(c).orElseThrow(() -> notRouted(key, backend));
  }

  private static Path directory(RawConfig c, Setting<Optional<String>> key, String backend) {
    Path p = Path.of(required(c, key, backend));
    if (!Files.isDirectory(p)) {
      throw key.invalid(p.toAbsolutePath() + " is not a directory");
    }
    return p;
  }

  /** Null when unset: the settings records take null for "not given" (nginx's defaults apply). */
  private static Path optionalPath(RawConfig c, Setting<Optional<String>> key) {
    return key.read(c).map(Path::of).orElse(null);
  }

  private static Duration positive(RawConfig c, Setting<Duration> key) {
    Duration d = key.read(c);
    if (d.isZero()) {
      throw key.invalid("must be more than 0");
    }
    return d;
  }

  /**
   * An absolute path as given, else found on PATH or in the sbin directories (where Debian puts
   * haproxy and nginx).
   */
  private static Path program(RawConfig c, Setting<String> key) {
    String name = key.read(c);
    if (name.contains("/")) {
      Path p = Path.of(name);
      if (!Files.isExecutable(p)) {
        throw key.invalid(p + " is not an executable file");
      }
      return p;
    }
    return Stream.concat(
            Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
            SBIN.stream())
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> key.invalid("'" + name + "' is not on PATH nor in " + SBIN));
  }
}
