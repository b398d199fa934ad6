package io.fulcrum.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A multi-pool HTTP load balancer: routes each request by the active config's routing weights
 * (seeded weighted random), runs it through the chosen server's {@link OverloadModel} and returns
 * the log record.
 *
 * <p>Thread-safe: the demo's actuator calls {@link #activate} from its own thread while the load
 * generator calls {@link #handle}. Every activation is also queued for {@link #drainConfigChanges}
 * so the event stream carries the rollback like any other deploy.
 */
public final class SimulatedLoadBalancer {

  /** Share of requests answered 500 even on a healthy server (the postmortems' noise floor). */
  public static final double BASELINE_ERROR_RATE = 0.002;

  /** Share of 404s: real logs carry 4xx that detectors must not count as server errors. */
  public static final double NOT_FOUND_RATE = 0.01;

  public static final double MEDIAN_LATENCY_MS = 40;
  static final double LATENCY_SIGMA = 0.35;
  static final int MAX_SERVICE_MS = 10_000;

  /** After an activation, kept-alive connections still use the old routing for up to this long. */
  public static final long SWITCHOVER_MS = 1_000;

  static final double SWITCHOVER_REUSE = 0.2;

  /** Size of HAProxy's built-in 502/503 error pages. */
  static final int ERROR_PAGE_BYTES = 216;

  static final int APP_ERROR_BYTES = 312;
  static final int NOT_FOUND_BYTES = 162;

  /** Load of one server, for the demo's dashboard and for tests. */
  public record ServerLoad(
      String server,
      double offeredRps,
      double capacityRps,
      double effectiveCapacityRps,
      double collapse) {}

  private record ErrorWindow(long fromMs, long toMs, double rate) {}

  private final SplittableRandom root;
  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final ArrayDeque<SimConfigChange> outbox = new ArrayDeque<>();
  private long clockMs = Long.MIN_VALUE;

  public SimulatedLoadBalancer(long seed) {
    this.root = new SplittableRandom(seed);
  }

  /** Adds a pool; {@code initialVersion} is active at once, without a config-change event. */
  public synchronized void addPool(
      String name, OverloadModel overload, List<PoolConfig> configs, String initialVersion) {
    Objects.requireNonNull(name, "name");
    if (pools.containsKey(name)) {
      throw new IllegalArgumentException("pool already defined: " + name);
    }
    Pool p = new Pool(name, Objects.requireNonNull(overload, "overload"), root.split());
    configs.forEach(p::addConfig);
    p.active = p.config(initialVersion);
    pools.put(name, p);
  }

  /** Registers one more version (e.g. a fixed config the demo deploys later). */
  public synchronized void addConfig(String pool, PoolConfig config) {
    pool(pool).addConfig(config);
  }

  /**
   * Switches {@code pool} to {@code version} at the LB's current clock (the last accepted request).
   */
  public synchronized SimConfigChange activate(String pool, String version) {
    return activate(pool, version, clockMs == Long.MIN_VALUE ? 0 : clockMs);
  }

  /** Switches {@code pool} to {@code version} as of {@code atMs} and queues the announcement. */
  public synchronized SimConfigChange activate(String pool, String version, long atMs) {
    Pool p = pool(pool);
    PoolConfig next = p.config(version);
    p.previous = p.active;
    p.active = next;
    p.activatedAtMs = atMs;
    SimConfigChange change =
        new SimConfigChange(atMs, pool, version, next.declaredWeights(), next.description());
    outbox.add(change);
    return change;
  }

  public synchronized String activeVersion(String pool) {
    return pool(pool).active.version();
  }

  public synchronized PoolConfig activeConfig(String pool) {
    return pool(pool).active;
  }

  public synchronized List<String> versions(String pool) {
    return List.copyOf(pool(pool).configs.keySet());
  }

  public synchronized List<String> pools() {
    return List.copyOf(pools.keySet());
  }

  /**
   * Failure not tied to config (a database outage): in [fromMs, toMs) every server of the pool
   * answers 500 for a {@code rate} share of requests, so the distribution stays even.
   */
  public synchronized void injectBackendErrors(String pool, long fromMs, long toMs, double rate) {
    if (toMs <= fromMs || !(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "need fromMs < toMs and rate in [0,1]: " + fromMs + ".." + toMs + " rate " + rate);
    }
    pool(pool).errorWindows.add(new ErrorWindow(fromMs, toMs, rate));
  }

  /** Config changes activated since the last call, oldest first. */
  public synchronized List<SimConfigChange> drainConfigChanges() {
    List<SimConfigChange> out = new ArrayList<>(outbox);
    outbox.clear();
    return out;
  }

  public synchronized List<ServerLoad> serverLoads(String pool) {
    List<ServerLoad> out = new ArrayList<>();
    pool(pool)
        .servers
        .forEach(
            (name, s) ->
                out.add(
                    new ServerLoad(
                        name,
                        s.offeredRps(),
                        s.model().capacityRps(),
                        s.effectiveCapacityRps(),
                        s.stress())));
    return out;
  }

  /**
   * Routes and serves one request accepted at {@code acceptMs}; call in non-decreasing accept
   * order.
   */
  public synchronized SimRequest handle(String pool, long acceptMs) {
    Pool p = pool(pool);
    clockMs = Math.max(clockMs, acceptMs);
    PoolConfig cfg = p.active;
    long sinceSwitch = acceptMs - p.activatedAtMs;
    if (p.previous != null && cfg.rampMs() > 0 && sinceSwitch >= 0 && sinceSwitch < cfg.rampMs()) {
      if (p.rnd.nextDouble() >= (double) sinceSwitch / cfg.rampMs()) {
        cfg = p.previous; // not yet moved to the new routing: the ramp is linear
      }
    } else if (p.previous != null && sinceSwitch >= 0 && sinceSwitch < SWITCHOVER_MS) {
      double reuse = SWITCHOVER_REUSE * (1 - (double) sinceSwitch / SWITCHOVER_MS);
      if (p.rnd.nextDouble() < reuse) {
        cfg = p.previous;
      }
    }
    String server = p.router(cfg).pick(p.rnd);
    if (server == null) {
      return SimRequest.of(acceptMs, pool, null, 503, 0, ERROR_PAGE_BYTES);
    }
    if (cfg.unreachable().contains(server)) {
      return SimRequest.of(acceptMs, pool, server, 503, 1, ERROR_PAGE_BYTES);
    }
    ServerState state = p.servers.computeIfAbsent(server, s -> new ServerState(p.overload));
    long waitMs = state.admit(acceptMs);
    if (waitMs == ServerState.REJECTED) {
      return SimRequest.of(
          acceptMs, pool, server, 503, p.overload.queueTimeoutMs(), ERROR_PAGE_BYTES);
    }
    long serviceMs =
        Math.max(
            1,
            Math.min(
                MAX_SERVICE_MS,
                Math.round(SimRandom.logNormal(p.rnd, MEDIAN_LATENCY_MS, LATENCY_SIGMA))));
    int latency = (int) Math.min(Integer.MAX_VALUE, waitMs + serviceMs + cfg.addedLatencyMs());

    int status;
    long bytes;
    double injected = p.injectedErrorRate(acceptMs);
    if (cfg.serverErrorRate() > 0 && p.rnd.nextDouble() < cfg.serverErrorRate()) {
      status = 502;
      bytes = ERROR_PAGE_BYTES;
    } else if (injected > 0 && p.rnd.nextDouble() < injected) {
      status = 500;
      bytes = APP_ERROR_BYTES;
    } else {
      double u = p.rnd.nextDouble();
      if (u < BASELINE_ERROR_RATE) {
        status = 500;
        bytes = APP_ERROR_BYTES;
      } else if (u < BASELINE_ERROR_RATE + NOT_FOUND_RATE) {
        status = 404;
        bytes = NOT_FOUND_BYTES;
      } else {
        status = 200;
        bytes = Math.max(64, Math.round(SimRandom.logNormal(p.rnd, 2_500, 0.6)));
      }
    }
    return SimRequest.of(acceptMs, pool, server, status, latency, bytes);
  }

  private Pool pool(String name) {
    Pool p = pools.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown pool " + name + "; known: " + pools.keySet());
    }
    return p;
  }

  /** Per-pool state; guarded by the balancer's lock. */
  private static final class Pool {
    final String name;
    final OverloadModel overload;
    final SplittableRandom rnd;
    final Map<String, PoolConfig> configs = new LinkedHashMap<>();
    final Map<String, Router> routers = new HashMap<>();
    final Map<String, ServerState> servers = new TreeMap<>();
    final List<ErrorWindow> errorWindows = new ArrayList<>();
    PoolConfig active;
    PoolConfig previous;
    long activatedAtMs = Long.MIN_VALUE / 2;

    Pool(String name, OverloadModel overload, SplittableRandom rnd) {
      this.name = name;
      this.overload = overload;
      this.rnd = rnd;
    }

    void addConfig(PoolConfig c) {
      if (configs.containsKey(c.version())) {
        throw new IllegalArgumentException("pool " + name + " already has version " + c.version());
      }
      configs.put(c.version(), c);
      routers.put(c.version(), new Router(c.routingWeights()));
    }

    PoolConfig config(String version) {
      PoolConfig c = configs.get(version);
      if (c == null) {
        throw new IllegalArgumentException(
            "pool " + name + " has no version " + version + "; known: " + configs.keySet());
      }
      return c;
    }

    Router router(PoolConfig c) {
      return routers.get(c.version());
    }

    double injectedErrorRate(long atMs) {
      double ok = 1;
      for (ErrorWindow w : errorWindows) {
        if (atMs >= w.fromMs() && atMs < w.toMs()) {
          ok *= 1 - w.rate();
        }
      }
      return 1 - ok;
    }
  }

  /** Weighted random choice over the servers with positive weight, in name order. */
  private static final class Router {
    private final String[] servers;
    private final double[] cumulative;

    Router(Map<String, Double> weights) {
      List<String> names = new ArrayList<>();
      List<Double> cum = new ArrayList<>();
      double total = 0;
      for (Map.Entry<String, Double> e : weights.entrySet()) {
        if (e.getValue() > 0) {
          total += e.getValue();
          names.add(e.getKey());
          cum.add(total);
        }
      }
      servers = names.toArray(new String[0]);
      cumulative = cum.stream().mapToDouble(Double::doubleValue).toArray();
    }

    String pick(SplittableRandom rnd) {
      if (servers.length == 0) {
        return null;
      }
      double u = rnd.nextDouble() * cumulative[cumulative.length - 1];
      for (int i = 0; i < servers.length - 1; i++) {
        if (u < cumulative[i]) {
          return servers[i];
        }
      }
      return servers[servers.length - 1];
    }
  }
}
