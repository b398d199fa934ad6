package io.fulcrum.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One run of a {@link Scenario}: a lazy iterator of events in emission order.
 *
 * <p>Requests are generated in accept order but a log line only exists once the request ends, so
 * finished requests wait in a small heap keyed by {@code endMs}; the head is released once no
 * future request can end earlier (every future request is accepted at or after the next input).
 * Memory is O(rate x max latency), independent of the run's length.
 *
 * <p>{@link #loadBalancer()} is live: activating a version on it (the demo's rollback actuator, a
 * test) changes routing for the following requests and puts the change into this stream. Iterate
 * from one thread; {@code activate} may come from another.
 */
public final class SimRun implements Iterator<SimEvent> {

  private record Pending(SimEvent event, long seq) {}

  private static final Comparator<Pending> EMISSION_ORDER =
      Comparator.comparingLong((Pending p) -> p.event().emitMs()).thenComparingLong(Pending::seq);

  private final Scenario scenario;
  private final SimulatedLoadBalancer lb;
  private final long startMs;
  private final double rateMultiplier;
  private final String[] poolNames;
  private final TrafficProfile[] profiles;
  private final SplittableRandom[] arrivalRandoms;
  private final double[] nextArrivalOffset;
  private final List<Scenario.Deploy> deploys = new ArrayList<>();

  /** Per pool, the skew of a second LB's clock, or null; decided on a random stream of its own. */
  private final Scenario.ClockSkew[] skews;

  private final SplittableRandom skewRandom;
  private final PriorityQueue<Pending> heap = new PriorityQueue<>(EMISSION_ORDER);
  private int nextDeploy;
  private long seq;
  private long lastEmittedMs = Long.MIN_VALUE;
  private long emitted;
  private int maxInFlight;

  SimRun(Scenario scenario, long startMs, long seed, double rateMultiplier) {
    if (!(rateMultiplier > 0) || Double.isInfinite(rateMultiplier)) {
      throw new IllegalArgumentException("rateMultiplier must be > 0: " + rateMultiplier);
    }
    this.scenario = scenario;
    this.startMs = startMs;
    this.rateMultiplier = rateMultiplier;
    SplittableRandom root = new SplittableRandom(seed);
    this.lb = scenario.newLoadBalancer(startMs, root.nextLong(), rateMultiplier);
    int n = scenario.pools().size();
    poolNames = new String[n];
    profiles = new TrafficProfile[n];
    arrivalRandoms = new SplittableRandom[n];
    nextArrivalOffset = new double[n];
    for (int i = 0; i < n; i++) {
      Scenario.PoolSpec p = scenario.pools().get(i);
      poolNames[i] = p.name();
      profiles[i] = p.traffic();
      arrivalRandoms[i] = root.split();
      nextArrivalOffset[i] =
          profiles[i].nextArrival(0, scenario.durationMs(), rateMultiplier, arrivalRandoms[i]);
      PoolConfig initial = p.initialConfig();
      push(
          new SimConfigChange(
              startMs + scenario.initialAnnounceOffsetMs(),
              p.name(),
              initial.version(),
              initial.declaredWeights(),
              initial.description()));
    }
    skews = new Scenario.ClockSkew[n];
    for (Scenario.Step s : scenario.timeline()) {
      if (s instanceof Scenario.Deploy d) {
        deploys.add(d);
      } else if (s instanceof Scenario.ClockSkew k) {
        skews[List.of(poolNames).indexOf(k.pool())] = k;
      }
    }
    skewRandom = root.split();
  }

  public Scenario scenario() {
    return scenario;
  }

  /** The live load balancer of this run. */
  public SimulatedLoadBalancer loadBalancer() {
    return lb;
  }

  public long startMs() {
    return startMs;
  }

  /** No request is accepted at or after this time; in-flight ones still finish and are emitted. */
  public long endMs() {
    return startMs + scenario.durationMs();
  }

  public double rateMultiplier() {
    return rateMultiplier;
  }

  public long emittedCount() {
    return emitted;
  }

  /** Most events ever buffered at once: the run's memory footprint, in events. */
  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public boolean hasNext() {
    fill();
    return !heap.isEmpty();
  }

  @Override
  public SimEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("run of " + scenario.name() + " is over");
    }
    SimEvent e = heap.poll().event();
    lastEmittedMs = Math.max(lastEmittedMs, e.emitMs());
    emitted++;
    return e;
  }

  private void fill() {
    while (true) {
      absorbConfigChanges();
      long horizon = nextInputMs();
      if (!heap.isEmpty() && heap.peek().event().emitMs() <= horizon) {
        return;
      }
      if (horizon == Long.MAX_VALUE) {
        return;
      }
      step();
    }
  }

  /** Earliest pending input: a deploy or a request acceptance. */
  private long nextInputMs() {
    long t = Long.MAX_VALUE;
    if (nextDeploy < deploys.size()) {
      t = startMs + deploys.get(nextDeploy).atOffsetMs();
    }
    int i = earliestPool();
    return i < 0 ? t : Math.min(t, acceptMs(i));
  }

  private void step() {
    int i = earliestPool();
    if (nextDeploy < deploys.size()) {
      Scenario.Deploy d = deploys.get(nextDeploy);
      long at = startMs + d.atOffsetMs();
      if (i < 0 || at <= acceptMs(i)) { // a deploy at T applies to requests accepted at T
        lb.activate(d.pool(), d.version(), at);
        nextDeploy++;
        return;
      }
    }
    SimRequest r = lb.handle(poolNames[i], acceptMs(i));
    Scenario.ClockSkew k = skews[i];
    if (k != null
        && r.timestampMs() >= startMs + k.atOffsetMs()
        && skewRandom.nextDouble() < k.share()) {
      r =
          SimRequest.of(
              r.timestampMs() - k.skewMs(),
              r.pool(),
              r.server(),
              r.status(),
              r.latencyMs(),
              r.bytes());
    }
    push(r);
    nextArrivalOffset[i] =
        profiles[i].nextArrival(
            nextArrivalOffset[i], scenario.durationMs(), rateMultiplier, arrivalRandoms[i]);
  }

  private void absorbConfigChanges() {
    for (SimConfigChange c : lb.drainConfigChanges()) {
      // An activation from another thread is stamped with the LB clock, which may trail what
      // was already emitted; emission order must stay monotonic.
      if (c.timestampMs() < lastEmittedMs) {
        c = new SimConfigChange(lastEmittedMs, c.pool(), c.version(), c.weights(), c.description());
      }
      push(c);
    }
  }

  private int earliestPool() {
    int best = -1;
    for (int i = 0; i < nextArrivalOffset.length; i++) {
      if (nextArrivalOffset[i] != Double.POSITIVE_INFINITY
          && (best < 0 || nextArrivalOffset[i] < nextArrivalOffset[best])) {
        best = i;
      }
    }
    return best;
  }

  private long acceptMs(int pool) {
    return startMs + (long) Math.floor(nextArrivalOffset[pool]);
  }

  private void push(SimEvent e) {
    heap.add(new Pending(e, seq++));
    maxInFlight = Math.max(maxInFlight, heap.size());
  }
}
