package io.fulcrum.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a load-balancer config says about traffic: its pools (in file order), the routes from
 * frontends to them, and what was not understood. Immutable. Parse one with {@link #parse} or
 * {@link #read}.
 */
public record LbConfig(
    LbFormat format, Map<String, Pool> pools, List<Route> routes, List<Note> notUnderstood) {
  public LbConfig {
    pools = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pools));
    routes = List.copyOf(routes);
    notUnderstood = List.copyOf(notUnderstood);
  }

  /**
   * Parses config text; throws {@link ConfigSyntaxException} for what the LB itself would refuse.
   */
  public static LbConfig parse(LbFormat format, String text) {
    return switch (format) {
      case HAPROXY -> HaproxyParser.parse(text);
      case NGINX -> NginxParser.parse(text);
    };
  }

  /**
   * Reads and parses a file; {@code format} null means guessed ({@link LbFormat#guess}). Throws
   * {@link IllegalArgumentException} naming the file for a missing, unreadable, unguessable or bad
   * file.
   */
  public static LbConfig read(Path file, LbFormat format) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
    }
    LbFormat f = format != null ? format : LbFormat.guess(file, text);
    if (f == null) {
      throw new IllegalArgumentException(
          file + ": cannot tell whether it is an HAProxy or an nginx config (use --format)");
    }
    try {
      return parse(f, text);
    } catch (ConfigSyntaxException e) {
      throw new IllegalArgumentException(
          file + ": not a valid " + f + " config: " + e.getMessage(), e);
    }
  }

  public Optional<Pool> pool(String name) {
    return Optional.ofNullable(pools.get(name));
  }

  /**
   * The declared weights of a pool's active servers ({@link Pool#declaredWeights}); empty for an
   * unknown pool.
   */
  public Map<String, Integer> declaredWeights(String pool) {
    return pool(pool).map(Pool::declaredWeights).orElse(Map.of());
  }

  /** The routes that send traffic to {@code pool} (dynamic ones excluded). */
  public List<Route> routesTo(String pool) {
    return routes.stream().filter(r -> !r.dynamic() && r.pool().equals(pool)).toList();
  }
}
