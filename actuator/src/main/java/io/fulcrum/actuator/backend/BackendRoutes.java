package io.fulcrum.actuator.backend;

import io.fulcrum.config.ConfigException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which backend serves which pool, from one setting such as {@code
 * be_web:haproxy,be_api:webhook,*:dry-run}. An exact pool name wins over {@code *}; a pool matching
 * neither gets no backend (its commands are REJECTED).
 */
public record BackendRoutes(Map<String, String> byPool, String fallback) {
  public static final String KEY = "fulcrum.actuator.backends";
  public static final String ANY = "*";

  public BackendRoutes {
    byPool = Map.copyOf(byPool);
  }

  public static BackendRoutes parse(String spec) {
    Map<String, String> byPool = new LinkedHashMap<>();
    String fallback = null;
    for (String entry : spec.split(",")) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      int colon = e.lastIndexOf(':');
      if (colon <= 0 || colon == e.length() - 1) {
        throw new ConfigException(
            KEY, "'" + e + "' is not pool:backend (example: be_web:haproxy,*:dry-run)");
      }
      String pool = e.substring(0, colon).strip();
      String backend = e.substring(colon + 1).strip();
      if (!backend.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new ConfigException(KEY, "'" + backend + "' is not a backend name");
      }
      if (pool.equals(ANY)) {
        if (fallback != null) {
          throw new ConfigException(KEY, "'*' is given twice");
        }
        fallback = backend;
      } else {
        String problem = Names.problem("pool", pool);
        if (problem != null) {
          throw new ConfigException(KEY, problem);
        }
        if (byPool.put(pool, backend) != null) {
          throw new ConfigException(KEY, "pool '" + pool + "' is given twice");
        }
      }
    }
    if (byPool.isEmpty() && fallback == null) {
      throw new ConfigException(KEY, "names no backend (example: be_web:haproxy,*:dry-run)");
    }
    return new BackendRoutes(byPool, fallback);
  }

  /** The backend name for {@code pool}, or null. */
  public String backendFor(String pool) {
    return byPool.getOrDefault(pool, fallback);
  }

  public boolean uses(String backend) {
    return backends().contains(backend);
  }

  public Collection<String> backends() {
    java.util.Set<String> all = new java.util.TreeSet<>(byPool.values());
    if (fallback != null) {
      all.add(fallback);
    }
    return all;
  }
}
