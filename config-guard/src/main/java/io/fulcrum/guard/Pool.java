package io.fulcrum.guard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pool of servers: an HAProxy {@code backend} or {@code listen} section, or an nginx {@code
 * upstream} block.
 *
 * @param kind {@code backend}, {@code listen} or {@code upstream}
 * @param balance the algorithm as written, normalised to one line ({@code roundrobin}, {@code
 *     first}, {@code hdr(host)}, {@code hash $request_uri consistent}, {@code least_conn}...)
 * @param disabled HAProxy's {@code disabled} on the whole section: every request fails
 * @param allBackups HAProxy {@code option allbackups} (nginx always uses all backups); else only
 *     the first backup
 * @param sticky cookie or stick-table persistence: a client keeps its server, shares are per new
 *     client
 * @param mode HAProxy {@code mode} of the section if it sets one, else null
 */
public record Pool(
    String name,
    String kind,
    String balance,
    boolean disabled,
    boolean allBackups,
    boolean sticky,
    String mode,
    List<Server> servers,
    int line) {
  public Pool {
    servers = List.copyOf(servers);
  }

  public Optional<Server> server(String name) {
    return servers.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** How the balance algorithm spreads traffic. */
  public Balance balanceKind() {
    return Balance.of(balance);
  }

  /**
   * The declared weights of the servers that take traffic in normal operation: enabled, non-backup,
   * weight above 0; in declaration order. What deploy tooling announces as {@code
   * LbConfigChange.servers}.
   */
  public Map<String, Integer> declaredWeights() {
    Map<String, Integer> m = new LinkedHashMap<>();
    if (!disabled) {
      servers.stream()
          .filter(s -> s.serving() && !s.backup())
          .forEach(s -> m.put(s.name(), s.weight()));
    }
    return m;
  }

  /** Every non-backup server with its effective weight: 0 when disabled or drained. */
  public Map<String, Integer> effectiveWeights() {
    Map<String, Integer> m = new LinkedHashMap<>();
    servers.stream()
        .filter(s -> !s.backup())
        .forEach(s -> m.put(s.name(), disabled || !s.serving() ? 0 : s.weight()));
    return m;
  }

  /** The families of balance algorithms, by what the guard can predict of them. */
  public enum Balance {
    /** Round robin, least connections, random: traffic in proportion to weights. */
    WEIGHTED,
    /**
     * HAProxy {@code first}: everything to the first server with free slots; predicted as 100% to
     * it.
     */
    FIRST,
    /**
     * Source, URI, header, cookie or key hashes: weight share on average, but it depends on the
     * requests.
     */
    HASH;

    static Balance of(String balance) {
      String b = balance == null ? "" : balance.split("[\\s(]", 2)[0];
      return switch (b) {
        case "first" -> FIRST;
        case "source", "uri", "url_param", "hdr", "rdp-cookie", "hash", "ip_hash" -> HASH;
        default -> WEIGHTED;
      };
    }
  }
}
