package io.fulcrum.guard.check;

import io.fulcrum.guard.Pool;
import io.fulcrum.guard.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each server's share of a pool's requests, predicted from weights and the balance algorithm, or
 * measured.
 *
 * @param shares every server of the pool, in order, 0 to 1 (all 0 when no server can serve)
 * @param estimate the algorithm hashes requests (source, URI, header...): the share depends on the
 *     traffic
 * @param basis how it was obtained, e.g. "weighted round robin", "balance first", "backups only",
 *     "measured"
 */
public record Shares(Map<String, Double> shares, boolean estimate, String basis) {
  public Shares {
    shares = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shares));
  }

  public double of(String server) {
    return shares.getOrDefault(server, 0.0);
  }

  /** Servers with a share above 0. */
  public List<String> receivers() {
    return shares.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
  }

  /** From counted requests per server (a rehearsal). */
  public static Shares measured(Map<String, Integer> hits) {
    double total = hits.values().stream().mapToInt(Integer::intValue).sum();
    Map<String, Double> m = new LinkedHashMap<>();
    hits.forEach((s, n) -> m.put(s, total == 0 ? 0 : n / total));
    return new Shares(m, false, "measured");
  }

  /**
   * The prediction: weight share among enabled non-backup servers; with {@code balance first},
   * everything to the first of them; when none is left, the backups (HAProxy: the first one unless
   * {@code option allbackups}).
   */
  public static Shares predict(Pool pool) {
    Map<String, Double> m = new LinkedHashMap<>();
    pool.servers().forEach(s -> m.put(s.name(), 0.0));
    if (pool.disabled()) {
      return new Shares(m, false, "pool disabled");
    }
    List<Server> active = pool.servers().stream().filter(s -> s.serving() && !s.backup()).toList();
    String basis = describe(pool);
    if (active.isEmpty()) {
      active = pool.servers().stream().filter(s -> s.serving() && s.backup()).toList();
      if (!active.isEmpty() && !pool.allBackups()) {
        active = active.subList(0, 1);
      }
      basis = "backups only";
    } else if (pool.balanceKind() == Pool.Balance.FIRST) {
      active = active.subList(0, 1);
    }
    double total = active.stream().mapToDouble(Server::weight).sum();
    for (Server s : active) {
      m.put(s.name(), s.weight() / total);
    }
    return new Shares(m, pool.balanceKind() == Pool.Balance.HASH || pool.sticky(), basis);
  }

  private static String describe(Pool pool) {
    String b = pool.balance();
    return switch (pool.balanceKind()) {
      case FIRST -> "balance first: the first server takes everything up to its maxconn";
      case HASH -> "balance " + b + ": weight share on average, depends on the requests";
      case WEIGHTED ->
          "weight share (" + b + ")" + (pool.sticky() ? ", persistence per client" : "");
    };
  }

  /**
   * Serving capacity: the sum of the weights of enabled non-backup servers (0 for a disabled pool).
   */
  public static int capacity(Pool pool) {
    return pool.disabled()
        ? 0
        : pool.declaredWeights().values().stream().mapToInt(Integer::intValue).sum();
  }
}
