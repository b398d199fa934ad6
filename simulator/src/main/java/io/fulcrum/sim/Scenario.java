package io.fulcrum.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A named, reproducible traffic story: pools with their servers, traffic and config versions, a
 * timeline of deploys and failures, and what a correct detector must do about it. Immutable; each
 * {@link #events} call starts an independent run. Offsets are milliseconds from the run's start.
 */
public final class Scenario {

  /** Initial configs are announced an hour before the start: they have been live for a while. */
  public static final long DEFAULT_INITIAL_ANNOUNCE_OFFSET_MS = -3_600_000;

  /** Default server capacity, as a multiple of the even share of a pool's base rate. */
  public static final double DEFAULT_HEADROOM = 2.0;

  /** One pool; {@code configs.get(0)} is live at the start. */
  public record PoolSpec(
      String name,
      List<String> servers,
      TrafficProfile traffic,
      OverloadModel overload,
      List<PoolConfig> configs) {
    public PoolSpec {
      servers = List.copyOf(servers);
      configs = List.copyOf(configs);
      Objects.requireNonNull(traffic, "traffic");
      Objects.requireNonNull(overload, "overload");
    }

    public PoolConfig initialConfig() {
      return configs.get(0);
    }

    public boolean hasVersion(String version) {
      return configs.stream().anyMatch(c -> c.version().equals(version));
    }
  }

  /** A timeline entry. */
  public sealed interface Step permits Deploy, BackendErrors, ClockSkew {
    long atOffsetMs();

    String pool();
  }

  public record Deploy(long atOffsetMs, String pool, String version) implements Step {}

  /**
   * A second load balancer whose clock runs {@code skewMs} behind: from {@code atOffsetMs} on, a
   * {@code share} of the pool's requests is logged that much earlier than it happened, and so
   * arrives that late in the stream.
   */
  public record ClockSkew(long atOffsetMs, String pool, double share, long skewMs)
      implements Step {}

  /** Failure outside the LB config, e.g. a database outage: every server errs at {@code rate}. */
  public record BackendErrors(long atOffsetMs, long untilOffsetMs, String pool, double rate)
      implements Step {}

  private final String name;
  private final String description;
  private final List<PoolSpec> pools;
  private final List<Step> timeline;
  private final long durationMs;
  private final long initialAnnounceOffsetMs;
  private final Expectation expectation;

  private Scenario(
      String name,
      String description,
      List<PoolSpec> pools,
      List<Step> steps,
      long durationMs,
      long initialAnnounceOffsetMs,
      Expectation expectation) {
    this.name = name;
    this.description = description;
    this.pools = List.copyOf(pools);
    List<Step> sorted = new ArrayList<>(steps);
    sorted.sort(
        Comparator.comparingLong(Step::atOffsetMs)); // stable: same-time steps keep their order
    this.timeline = List.copyOf(sorted);
    this.durationMs = durationMs;
    this.initialAnnounceOffsetMs = initialAnnounceOffsetMs;
    this.expectation = Objects.requireNonNull(expectation, "expectation");
  }

  public static Builder builder(String name, String description) {
    return new Builder(name, description);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public List<PoolSpec> pools() {
    return pools;
  }

  public PoolSpec pool(String pool) {
    return pools.stream()
        .filter(p -> p.name().equals(pool))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("scenario " + name + " has no pool " + pool));
  }

  public List<Step> timeline() {
    return timeline;
  }

  public long durationMs() {
    return durationMs;
  }

  public long initialAnnounceOffsetMs() {
    return initialAnnounceOffsetMs;
  }

  public Expectation expectation() {
    return expectation;
  }

  /**
   * The same story run for {@code ms} instead, e.g. longer for a live demo that should keep going
   * after a rollback. Every step and the onset must still fall inside.
   */
  public Scenario withDurationMs(long ms) {
    boolean fits =
        ms > expectation.onsetOffsetMs() && timeline.stream().allMatch(s -> s.atOffsetMs() < ms);
    if (!fits) {
      throw new IllegalArgumentException(
          "scenario " + name + ": " + ms + " ms cuts off its timeline");
    }
    return new Scenario(
        name, description, pools, timeline, ms, initialAnnounceOffsetMs, expectation);
  }

  /** Events of a run at the scenario's own rates. */
  public SimRun events(long startMs, long seed) {
    return events(startMs, seed, 1.0);
  }

  /**
   * Events of a run with every rate and every server capacity times {@code rateMultiplier}, so the
   * same story plays at 5 or 1000 req/s (see {@link #multiplierFor}).
   */
  public SimRun events(long startMs, long seed, double rateMultiplier) {
    return new SimRun(this, startMs, seed, rateMultiplier);
  }

  /** Sum of the pools' rates at the start, in req/s. */
  public double nominalRateRps() {
    return pools.stream().mapToDouble(p -> p.traffic().rateAt(0)).sum();
  }

  /** The rate multiplier that makes the scenario start at {@code targetRps} in total. */
  public double multiplierFor(double targetRps) {
    return targetRps / nominalRateRps();
  }

  /** Every server name of every pool, sorted (e.g. to build the nginx upstream address map). */
  public SortedSet<String> servers() {
    SortedSet<String> all = new TreeSet<>();
    pools.forEach(p -> all.addAll(p.servers()));
    return all;
  }

  /** The version live on {@code pool} just before {@code offsetMs}, from the timeline alone. */
  public String versionLiveBefore(String pool, long offsetMs) {
    String v = pool(pool).initialConfig().version();
    for (Step s : timeline) {
      if (s instanceof Deploy d && d.pool().equals(pool) && d.atOffsetMs() < offsetMs) {
        v = d.version();
      }
    }
    return v;
  }

  /** A fresh load balancer with this scenario's pools, configs and failure injections. */
  SimulatedLoadBalancer newLoadBalancer(long startMs, long seed, double rateMultiplier) {
    SimulatedLoadBalancer lb = new SimulatedLoadBalancer(seed);
    for (PoolSpec p : pools) {
      lb.addPool(
          p.name(), p.overload().scaled(rateMultiplier), p.configs(), p.initialConfig().version());
    }
    for (Step s : timeline) {
      if (s instanceof BackendErrors e) {
        lb.injectBackendErrors(
            e.pool(), startMs + e.atOffsetMs(), startMs + e.untilOffsetMs(), e.rate());
      }
    }
    return lb;
  }

  @Override
  public String toString() {
    return name;
  }

  /** Builds and validates a scenario; the first config given for a pool is its initial one. */
  public static final class Builder {
    private final String name;
    private final String description;
    private final Map<String, PoolDraft> drafts = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private long durationMs;
    private long initialAnnounceOffsetMs = DEFAULT_INITIAL_ANNOUNCE_OFFSET_MS;
    private Expectation expectation;

    private static final class PoolDraft {
      final List<String> servers;
      final TrafficProfile traffic;
      final Map<String, PoolConfig> configs = new LinkedHashMap<>();
      Double capacityRps;

      PoolDraft(List<String> servers, TrafficProfile traffic) {
        this.servers = List.copyOf(servers);
        this.traffic = traffic;
      }
    }

    private Builder(String name, String description) {
      this.name = Objects.requireNonNull(name, "name");
      this.description = Objects.requireNonNull(description, "description");
    }

    public Builder pool(
        String pool, List<String> servers, TrafficProfile traffic, PoolConfig initial) {
      if (drafts.containsKey(pool) || servers.isEmpty()) {
        throw new IllegalArgumentException("duplicate pool or no servers: " + pool);
      }
      drafts.put(pool, new PoolDraft(servers, Objects.requireNonNull(traffic, "traffic")));
      return config(pool, initial);
    }

    /**
     * Capacity per server in req/s; default {@link #DEFAULT_HEADROOM} x the even share of the base
     * rate.
     */
    public Builder capacity(String pool, double rpsPerServer) {
      draft(pool).capacityRps = rpsPerServer;
      return this;
    }

    public Builder config(String pool, PoolConfig config) {
      PoolDraft d = draft(pool);
      if (d.configs.putIfAbsent(config.version(), config) != null) {
        throw new IllegalArgumentException(
            "pool " + pool + " already has version " + config.version());
      }
      return this;
    }

    /** Registers {@code config} and deploys it at {@code atOffsetMs}. */
    public Builder deploy(long atOffsetMs, String pool, PoolConfig config) {
      config(pool, config);
      return deploy(atOffsetMs, pool, config.version());
    }

    /** Deploys an already registered version (e.g. a manual revert in the timeline). */
    public Builder deploy(long atOffsetMs, String pool, String version) {
      steps.add(new Deploy(atOffsetMs, pool, version));
      return this;
    }

    public Builder clockSkew(String pool, double share, long skewMs) {
      steps.add(new ClockSkew(0, pool, share, skewMs));
      return this;
    }

    public Builder backendErrors(String pool, long fromOffsetMs, long untilOffsetMs, double rate) {
      steps.add(new BackendErrors(fromOffsetMs, untilOffsetMs, pool, rate));
      return this;
    }

    public Builder duration(long ms) {
      this.durationMs = ms;
      return this;
    }

    public Builder initialConfigsAnnouncedAt(long offsetMs) {
      this.initialAnnounceOffsetMs = offsetMs;
      return this;
    }

    public Builder expect(Expectation e) {
      this.expectation = e;
      return this;
    }

    public Scenario build() {
      check(durationMs > 0, "duration must be > 0");
      check(!drafts.isEmpty(), "no pools");
      check(
          initialAnnounceOffsetMs <= 0, "initial configs must be announced at or before the start");
      List<PoolSpec> specs = new ArrayList<>();
      drafts.forEach(
          (pool, d) -> {
            double capacity =
                d.capacityRps != null
                    ? d.capacityRps
                    : DEFAULT_HEADROOM * d.traffic.baseRps() / d.servers.size();
            for (PoolConfig c : d.configs.values()) {
              check(
                  d.servers.containsAll(c.routingWeights().keySet())
                      && (c.declaredWeights() == null
                          || d.servers.containsAll(c.declaredWeights().keySet())),
                  "config " + c.version() + " of " + pool + " names servers outside " + d.servers);
            }
            specs.add(
                new PoolSpec(
                    pool,
                    d.servers,
                    d.traffic,
                    OverloadModel.forCapacity(capacity),
                    List.copyOf(d.configs.values())));
          });
      for (Step s : steps) {
        PoolDraft d = draft(s.pool());
        check(s.atOffsetMs() >= 0 && s.atOffsetMs() < durationMs, "step outside the run: " + s);
        if (s instanceof Deploy dep) {
          check(d.configs.containsKey(dep.version()), "deploy of an unknown version: " + s);
        } else if (s instanceof ClockSkew k) {
          check(k.share() > 0 && k.share() <= 1 && k.skewMs() > 0, "bad clock skew: " + s);
        } else if (s instanceof BackendErrors e) {
          check(
              e.untilOffsetMs() > e.atOffsetMs() && e.rate() >= 0 && e.rate() <= 1,
              "bad injection: " + s);
        }
      }
      Scenario sc =
          new Scenario(
              name, description, specs, steps, durationMs, initialAnnounceOffsetMs, expectation);
      checkExpectation(sc);
      return sc;
    }

    private void checkExpectation(Scenario sc) {
      Expectation e = sc.expectation;
      if (e.brokenPool() == null) {
        return;
      }
      PoolSpec broken = sc.pool(e.brokenPool());
      check(e.onsetOffsetMs() < durationMs, "onset after the end");
      if (e.rollbackExpected()) {
        check(
            broken.hasVersion(e.badVersion()) && broken.hasVersion(e.lastKnownGoodVersion()),
            "rollback versions unknown to " + e.brokenPool());
        check(
            steps.contains(new Deploy(e.onsetOffsetMs(), e.brokenPool(), e.badVersion())),
            "the bad version must be deployed at the onset");
        check(
            sc.versionLiveBefore(e.brokenPool(), e.onsetOffsetMs())
                .equals(e.lastKnownGoodVersion()),
            "the last known good version must be the one live before the onset");
      }
    }

    private PoolDraft draft(String pool) {
      PoolDraft d = drafts.get(pool);
      if (d == null) {
        throw new IllegalArgumentException("unknown pool " + pool + " in scenario " + name);
      }
      return d;
    }

    private void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException("scenario " + name + ": " + message);
      }
    }
  }
}
