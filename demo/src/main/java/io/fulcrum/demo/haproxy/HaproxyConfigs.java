package io.fulcrum.demo.haproxy;

import io.fulcrum.sim.PoolConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's HAProxy configuration: a main file (global, defaults, one frontend) and, per pool and
 * version, a backend section rendered from the scenario's config: routing weights become server
 * weights, a server the version leaves out (the pool typo) is not in it at all, and a version that
 * breaks requests marks them for the loopback servers to reject.
 */
public final class HaproxyConfigs {
  /** Requests name their pool in this header; without it they go to the first pool. */
  public static final String POOL_HEADER = "X-Fulcrum-Pool";

  static final int MAX_WEIGHT = 100;

  private HaproxyConfigs() {}

  /**
   * @param logPort loopback UDP port of the demo's syslog receiver
   * @param statsSocket the admin stats socket the actuator verifies through
   */
  public static String main(int frontendPort, int logPort, Path statsSocket, List<String> pools) {
    StringBuilder sb = new StringBuilder();
    sb.append(
            "# Written by ./fulcrum demo. Backends come from the config store's active/ directory.\n")
        .append("global\n")
        .append("  log 127.0.0.1:")
        .append(logPort)
        .append(" len 4096 format raw local0\n")
        .append("  stats socket ")
        .append(statsSocket)
        .append(" mode 600 level admin\n")
        .append("defaults\n")
        .append("  mode http\n")
        .append("  log global\n")
        .append("  option httplog\n")
        .append("  timeout connect 1s\n")
        .append("  timeout client 10s\n")
        .append("  timeout server 5s\n")
        .append("  timeout queue 2s\n")
        .append("frontend http-in\n")
        .append("  bind 127.0.0.1:")
        .append(frontendPort)
        .append('\n');
    for (String pool : pools.subList(1, pools.size())) {
      sb.append("  use_backend ")
          .append(pool)
          .append(" if { req.hdr(")
          .append(POOL_HEADER)
          .append(") -m str ")
          .append(pool)
          .append(" }\n");
    }
    sb.append("  default_backend ").append(pools.get(0)).append('\n');
    return sb.toString();
  }

  /** The backend section of one version of {@code pool}. */
  public static String backend(String pool, PoolConfig config, Map<String, Integer> ports) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ")
        .append(pool)
        .append(' ')
        .append(config.version())
        .append(": ")
        .append(config.description().replace('\n', ' '))
        .append('\n')
        .append("backend ")
        .append(pool)
        .append('\n')
        .append("  balance roundrobin\n");
    if (config.serverErrorRate() > 0) {
      sb.append("  http-request set-header ")
          .append(LoopbackServers.ERROR_RATE_HEADER)
          .append(' ')
          .append(String.format(Locale.ROOT, "%.3f", config.serverErrorRate()))
          .append('\n');
    }
    double max =
        config.routingWeights().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    config
        .routingWeights()
        .forEach(
            (server, w) -> {
              Integer port = ports.get(server);
              if (port == null) {
                throw new IllegalArgumentException(
                    "no loopback server for " + server + " of " + pool);
              }
              sb.append("  server ")
                  .append(server)
                  .append(" 127.0.0.1:")
                  .append(port)
                  .append(" weight ")
                  .append(weight(w, max))
                  .append('\n');
            });
    return sb.toString();
  }

  /**
   * HAProxy weights are integers 0..256: scale to {@value #MAX_WEIGHT}, keeping a positive weight
   * positive.
   */
  static int weight(double w, double max) {
    if (w <= 0 || max <= 0) {
      return 0;
    }
    return (int) Math.max(1, Math.round(w / max * MAX_WEIGHT));
  }
}
