package io.fulcrum.actuator;

import io.fulcrum.actuator.backend.BackendRoutes;
import io.fulcrum.actuator.haproxy.HaproxySettings;
import io.fulcrum.actuator.nginx.NginxSettings;
import io.fulcrum.actuator.webhook.WebhookSettings;
import io.fulcrum.config.ConfigException;
import io.fulcrum.config.RawConfig;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The {@code fulcrum.haproxy.*}, {@code fulcrum.nginx.*} and {@code fulcrum.webhook.*} keys, read only when used. */
final class BackendSettingsLoader {
  static final Map<String, String> DEFAULTS = defaults();
  /** The key whose presence turns a backend section on. */
  static final Map<String, String> MAIN_KEYS = Map.of("haproxy", "fulcrum.haproxy.store", "nginx", "fulcrum.nginx.store",
      "webhook", "fulcrum.webhook.url");
  private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

  private BackendSettingsLoader() {}

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("fulcrum.haproxy.binary", "haproxy");
    d.put("fulcrum.haproxy.store", null);
    d.put("fulcrum.haproxy.base-config", null);
    d.put("fulcrum.haproxy.master-socket", null);
    d.put("fulcrum.haproxy.stats-socket", null);
    d.put("fulcrum.haproxy.verify-timeout", "10s");
    d.put("fulcrum.haproxy.command-timeout", "10s");
    d.put("fulcrum.nginx.binary", "nginx");
    d.put("fulcrum.nginx.store", null);
    d.put("fulcrum.nginx.config", null);
    d.put("fulcrum.nginx.prefix", null);
    d.put("fulcrum.nginx.pid-file", null);
    d.put("fulcrum.nginx.verify-timeout", "10s");
    d.put("fulcrum.nginx.command-timeout", "10s");
    d.put("fulcrum.webhook.url", null);
    d.put("fulcrum.webhook.secret", null);
    d.put("fulcrum.webhook.connect-timeout", "2s");
    d.put("fulcrum.webhook.timeout", "10s");
    d.put("fulcrum.webhook.retries", "3");
    d.put("fulcrum.webhook.backoff", "500ms");
    return d;
  }

  static HaproxySettings haproxy(RawConfig c) {
    String base = c.stringOr("fulcrum.haproxy.base-config", "");
    List<Path> baseFiles = Arrays.stream(base.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .map(Path::of).toList();
    String stats = c.stringOr("fulcrum.haproxy.stats-socket", null);
    return new HaproxySettings(program(c, "fulcrum.haproxy.binary"), directory(c, "fulcrum.haproxy.store", "haproxy"),
        baseFiles, Path.of(required(c, "fulcrum.haproxy.master-socket", "haproxy")), stats == null ? null : Path.of(stats),
        positive(c, "fulcrum.haproxy.verify-timeout"), positive(c, "fulcrum.haproxy.command-timeout"));
  }

  static NginxSettings nginx(RawConfig c) {
    return new NginxSettings(program(c, "fulcrum.nginx.binary"), directory(c, "fulcrum.nginx.store", "nginx"),
        optionalPath(c, "fulcrum.nginx.config"), optionalPath(c, "fulcrum.nginx.prefix"),
        optionalPath(c, "fulcrum.nginx.pid-file"), positive(c, "fulcrum.nginx.verify-timeout"),
        positive(c, "fulcrum.nginx.command-timeout"));
  }

  static WebhookSettings webhook(RawConfig c) {
    String url = required(c, "fulcrum.webhook.url", "webhook");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("fulcrum.webhook.url", "'" + url + "' is not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new ConfigException("fulcrum.webhook.url", "'" + url + "' must be an http:// or https:// URL with a host");
    }
    return new WebhookSettings(uri, ActuatorSettings.secret(c, "fulcrum.webhook.secret"),
        positive(c, "fulcrum.webhook.connect-timeout"), positive(c, "fulcrum.webhook.timeout"),
        c.intAtLeast("fulcrum.webhook.retries", 0), c.duration("fulcrum.webhook.backoff"));
  }

  /** The error for a routed built-in backend whose section is not configured. */
  static ConfigException missing(String backend) {
    return new ConfigException(MAIN_KEYS.get(backend), "is required when " + BackendRoutes.KEY
        + " routes a pool to " + backend);
  }

  private static String required(RawConfig c, String key, String backend) {
    String v = c.stringOr(key, null);
    if (v == null) {
      throw new ConfigException(key, "is required when " + BackendRoutes.KEY + " routes a pool to " + backend);
    }
    return v;
  }

  private static Path directory(RawConfig c, String key, String backend) {
    Path p = Path.of(required(c, key, backend));
    if (!Files.isDirectory(p)) {
      throw new ConfigException(key, p.toAbsolutePath() + " is not a directory");
    }
    return p;
  }

  private static Path optionalPath(RawConfig c, String key) {
    String v = c.stringOr(key, null);
    return v == null ? null : Path.of(v);
  }

  private static Duration positive(RawConfig c, String key) {
    Duration d = c.duration(key);
    if (d.isZero()) {
      throw new ConfigException(key, "must be more than 0");
    }
    return d;
  }

  /** An absolute path as given, else found on PATH or in the sbin directories (where Debian puts haproxy and nginx). */
  private static Path program(RawConfig c, String key) {
    String name = c.string(key);
    if (name.contains("/")) {
      Path p = Path.of(name);
      if (!Files.isExecutable(p)) {
        throw new ConfigException(key, p + " is not an executable file");
      }
      return p;
    }
    return Stream.concat(Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)), SBIN.stream())
        .filter(d -> !d.isBlank()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new ConfigException(key, "'" + name + "' is not on PATH nor in " + SBIN));
  }
}
