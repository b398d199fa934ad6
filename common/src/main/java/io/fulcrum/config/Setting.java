package io.fulcrum.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * One {@code fulcrum.*} key, defined once: its name, its default and how it is read. The same
 * constant builds the defaults map, reads the value and names the key in error messages, so the
 * three cannot drift apart.
 *
 * @param <T> the type the value is read as
 */
public final class Setting<T> {
  private final String key;
  private final String defaultText;
  private final BiFunction<RawConfig, String, T> reader;

  private Setting(String key, String defaultText, BiFunction<RawConfig, String, T> reader) {
    this.key = key;
    this.defaultText = defaultText;
    this.reader = reader;
  }

  /** A required, non-blank string. */
  public static Setting<String> string(String key, String dflt) {
    return new Setting<>(key, dflt, RawConfig::string);
  }

  /** A string without a default; empty when unset or blank. */
  public static Setting<Optional<String>> optional(String key) {
    return new Setting<>(key, null, (c, k) -> Optional.ofNullable(c.stringOr(k, null)));
  }

  /** One of {@code allowed}, lower-cased. */
  public static Setting<String> oneOf(String key, String dflt, Set<String> allowed) {
    return new Setting<>(key, dflt, (c, k) -> c.oneOf(k, allowed));
  }

  public static Setting<Integer> intAtLeast(String key, long dflt, int min) {
    return new Setting<>(key, Long.toString(dflt), (c, k) -> c.intAtLeast(k, min));
  }

  public static Setting<Double> doubleBetween(String key, double dflt, double min, double max) {
    return new Setting<>(key, Double.toString(dflt), (c, k) -> c.doubleBetween(k, min, max));
  }

  public static Setting<Boolean> bool(String key, boolean dflt) {
    return new Setting<>(key, Boolean.toString(dflt), RawConfig::bool);
  }

  /** A port number; 0 lets the OS pick one (or turns the feature off, as the setting documents). */
  public static Setting<Integer> port(String key, int dflt) {
    return new Setting<>(key, Integer.toString(dflt), RawConfig::port);
  }

  /** A duration; {@code dflt} is written as in the README ({@code 10s}, {@code 5m}, ...). */
  public static Setting<Duration> duration(String key, String dflt) {
    return new Setting<>(key, dflt, RawConfig::duration);
  }

  public String key() {
    return key;
  }

  /** The default as it appears in the defaults map and the README; null when there is none. */
  public String defaultText() {
    return defaultText;
  }

  /** The value, or a {@link ConfigException} naming the key. */
  public T read(RawConfig c) {
    return reader.apply(c, key);
  }

  /** A problem with this setting's value, reported under its key. */
  public ConfigException invalid(String problem) {
    return new ConfigException(key, problem);
  }

  /** The environment variable that sets this key, e.g. {@code FULCRUM_SIGNING_SECRET}. */
  public String envName() {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The keys with their defaults, in the given order (null where there is no default). */
  public static Map<String, String> defaults(Iterable<Setting<?>> settings) {
    Map<String, String> d = new LinkedHashMap<>();
    for (Setting<?> s : settings) {
      if (d.containsKey(s.key)) {
        throw new IllegalStateException("duplicate setting " + s.key);
      }
      d.put(s.key, s.defaultText);
    }
    return d;
  }

  @Override
  public String toString() {
    return key;
  }
}
