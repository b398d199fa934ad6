package io.fulcrum.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings as strings, merged in increasing precedence: built-in defaults, then the properties
 * file, then environment variables. {@code FULCRUM_WINDOW_SIZE} sets {@code fulcrum.window.size}
 * (any {@code fulcrum.*} key: upper case, dots and dashes as underscores); {@code
 * FULCRUM_KAFKA_<KEY>} sets any Kafka, Streams or serde key, e.g. {@code
 * FULCRUM_KAFKA_BOOTSTRAP_SERVERS}. Typed getters fail fast with the key named.
 */
public final class RawConfig {
  public static final String ENV_PREFIX = "FULCRUM_";
  public static final String ENV_KAFKA_PREFIX = "FULCRUM_KAFKA_";

  /**
   * Variables the {@code ./fulcrum} launcher and the logging config read themselves; they are not
   * settings.
   */
  public static final java.util.Set<String> LAUNCHER_VARIABLES =
      java.util.Set.of("FULCRUM_JAVA_OPTS", "FULCRUM_HOME", "FULCRUM_LOG_LEVEL");

  private final Map<String, String> values;

  private RawConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * @param defaults every {@code fulcrum.*} key that exists, with its default (null = required or
   *     optional without default)
   * @param file a properties file, or null
   * @param env the process environment (passed in, so tests can supply their own)
   */
  public static RawConfig load(Map<String, String> defaults, Path file, Map<String, String> env) {
    Map<String, String> merged = new LinkedHashMap<>();
    defaults.forEach(
        (k, v) -> {
          if (v != null) {
            merged.put(k, v);
          }
        });
    if (file != null) {
      merged.putAll(readProperties(file));
    }
    merged.putAll(fromEnv(defaults.keySet(), env));
    for (String key : merged.keySet()) {
      if (key.startsWith("fulcrum.") && !defaults.containsKey(key)) {
        throw new ConfigException(
            key, "unknown setting (known: " + new TreeMap<>(defaults).keySet() + ")");
      }
    }
    return new RawConfig(merged);
  }

  public static RawConfig of(Map<String, String> values) {
    return new RawConfig(values);
  }

  public static Map<String, String> fromEnv(Collection<String> knownKeys, Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_KAFKA_PREFIX)) {
            out.put(
                name.substring(ENV_KAFKA_PREFIX.length())
                    .toLowerCase(Locale.ROOT)
                    .replace('_', '.'),
                value);
          } else if (name.startsWith(ENV_PREFIX) && !LAUNCHER_VARIABLES.contains(name)) {
            String wanted =
                "fulcrum." + name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            String key =
                knownKeys.stream()
                    .filter(k -> envForm(k).equals(envForm(wanted)))
                    .findFirst()
                    .orElseThrow(
                        () -> new ConfigException(name, "environment variable matches no setting"));
            out.put(key, value);
          }
        });
    return out;
  }

  private static String envForm(String key) {
    return key.replace('.', '_').replace('-', '_');
  }

  private static Map<String, String> readProperties(Path file) {
    if (!Files.isReadable(file)) {
      throw new ConfigException("--config", "cannot read " + file.toAbsolutePath());
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> m = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
    return m;
  }

  public Map<String, String> asMap() {
    return values;
  }

  /** Keys that are not Fulcrum's own: handed to Kafka clients, Streams and serdes. */
  public Map<String, String> passThrough() {
    Map<String, String> m = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (!k.startsWith("fulcrum.")) {
            m.put(k, v);
          }
        });
    return m;
  }

  public String string(String key) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      throw new ConfigException(key, "is required");
    }
    return v;
  }

  public String stringOr(String key, String dflt) {
    String v = values.get(key);
    return v == null || v.isBlank() ? dflt : v;
  }

  public String oneOf(String key, Set<String> allowed) {
    String v = string(key).toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new ConfigException(
          key, "'" + v + "' is not one of " + new java.util.TreeSet<>(allowed));
    }
    return v;
  }

  public int intAtLeast(String key, int min) {
    String v = string(key);
    try {
      int i = Integer.parseInt(v);
      if (i < min) {
        throw new ConfigException(key, "must be >= " + min + ", got " + i);
      }
      return i;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + v + "' is not a whole number");
    }
  }

  public double doubleBetween(String key, double min, double max) {
    String v = string(key);
    try {
      double d = Double.parseDouble(v);
      if (!(d >= min && d <= max)) {
        throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + v);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + v + "' is not a number");
    }
  }

  /**
   * A positive duration such as {@code 10s}, {@code 500ms}, {@code 5m}, {@code 1h} or ISO-8601
   * {@code PT10S}.
   */
  public boolean bool(String key) {
    String v = string(key).trim().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new ConfigException(key, "must be true or false, got '" + v + "'");
  }

  /** A port number; 0 lets the OS pick one. */
  public int port(String key) {
    int p = intAtLeast(key, 0);
    if (p > 65535) {
      throw new ConfigException(key, "must be a port number (0-65535), got " + p);
    }
    return p;
  }

  public Duration duration(String key) {
    String v = string(key);
    Duration d = parseDuration(v);
    if (d == null || d.isNegative()) {
      throw new ConfigException(
          key, "'" + v + "' is not a duration (examples: 500ms, 10s, 5m, 1h)");
    }
    return d;
  }

  public static Duration parseDuration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("pt")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      int i = 0;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (i == 0) {
        return null;
      }
      double n = Double.parseDouble(s.substring(0, i));
      long ms =
          switch (s.substring(i).trim()) {
            case "ms" -> Math.round(n);
            case "s", "" -> Math.round(n * 1000);
            case "m", "min" -> Math.round(n * 60_000);
            case "h" -> Math.round(n * 3_600_000);
            default -> -1;
          };
      return ms < 0 ? null : Duration.ofMillis(ms);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
