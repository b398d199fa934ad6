package io.fulcrum.guard.check;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The change guard's thresholds and rehearsal settings. Keys, defaults and meaning are in {@link
 * #DEFAULTS} and the docs/change-guard.md; {@link #from} validates and names the key of any bad
 * value.
 *
 * @param maxShareGrowth block when a serving server's share grows by more than this factor...
 * @param minShareGrowthPoints ...and by at least this many percentage points
 * @param maxCapacityLoss block when a pool loses more than this fraction of its serving capacity
 * @param blockBackupOnly block when only backup servers would get traffic
 * @param blockSingleServer block when only one server of a pool that had several would get traffic
 */
public record GuardSettings(
    double maxShareGrowth,
    double minShareGrowthPoints,
    double maxCapacityLoss,
    boolean blockBackupOnly,
    boolean blockSingleServer,
    int rehearsalRequests,
    Duration rehearsalTimeout,
    String haproxyBinary,
    String nginxBinary) {
  public static final String PREFIX = "fulcrum.guard.";
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("fulcrum.guard.max-share-growth", "1.5");
    d.put("fulcrum.guard.min-share-growth-points", "10");
    d.put("fulcrum.guard.max-capacity-loss", "0.34");
    d.put("fulcrum.guard.block-backup-only", "true");
    d.put("fulcrum.guard.block-single-server", "true");
    d.put("fulcrum.guard.rehearsal.requests", "400");
    d.put("fulcrum.guard.rehearsal.timeout", "20s");
    d.put("fulcrum.guard.haproxy.binary", "haproxy");
    d.put("fulcrum.guard.nginx.binary", "nginx");
    return Collections.unmodifiableMap(d);
  }

  public static GuardSettings defaultSettings() {
    return from(DEFAULTS);
  }

  /**
   * From string values (defaults for missing keys); throws {@link IllegalArgumentException} naming
   * the key.
   */
  public static GuardSettings from(Map<String, String> values) {
    Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
    values.forEach(
        (k, val) -> {
          if (k.startsWith(PREFIX)) {
            if (!DEFAULTS.containsKey(k)) {
              throw new IllegalArgumentException(
                  k + ": unknown setting (known: " + DEFAULTS.keySet() + ")");
            }
            v.put(k, val.trim());
          }
        });
    return new GuardSettings(
        number(v, "max-share-growth", 1, 1000),
        number(v, "min-share-growth-points", 0, 100),
        number(v, "max-capacity-loss", 0, 1),
        bool(v, "block-backup-only"),
        bool(v, "block-single-server"),
        (int) number(v, "rehearsal.requests", 10, 1_000_000),
        duration(v, "rehearsal.timeout"),
        v.get(PREFIX + "haproxy.binary"),
        v.get(PREFIX + "nginx.binary"));
  }

  /** The settings with rehearsal requests changed (the command line's --requests). */
  public GuardSettings withRequests(int n) {
    return new GuardSettings(
        maxShareGrowth,
        minShareGrowthPoints,
        maxCapacityLoss,
        blockBackupOnly,
        blockSingleServer,
        n,
        rehearsalTimeout,
        haproxyBinary,
        nginxBinary);
  }

  private static double number(Map<String, String> v, String key, double min, double max) {
    String s = v.get(PREFIX + key);
    try {
      double d = Double.parseDouble(s);
      if (!(d >= min && d <= max)) {
        throw new IllegalArgumentException(
            PREFIX + key + ": must be between " + fmt(min) + " and " + fmt(max) + ", got " + s);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PREFIX + key + ": '" + s + "' is not a number");
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static boolean bool(Map<String, String> v, String key) {
    String s = v.get(PREFIX + key).toLowerCase(Locale.ROOT);
    if (!s.equals("true") && !s.equals("false")) {
      throw new IllegalArgumentException(PREFIX + key + ": must be true or false, got '" + s + "'");
    }
    return Boolean.parseBoolean(s);
  }

  private static Duration duration(Map<String, String> v, String key) {
    String s = v.get(PREFIX + key).toLowerCase(Locale.ROOT);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(s);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          PREFIX + key + ": '" + s + "' is not a duration (examples: 500ms, 20s, 1m)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }
}
