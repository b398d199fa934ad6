package io.fulcrum.demo;

import io.fulcrum.sim.Expectation;
import io.fulcrum.sim.PoolConfig;
import io.fulcrum.sim.Scenario;
import java.time.Duration;

/**
 * Moves a scenario's incident earlier so the demo gets to it in under a minute: the simulator's
 * scenarios give the baseline minutes of 10 s windows, the demo gives it {@code healthyLead} of
 * shorter ones. Every step keeps its distance to the onset; failure injections (a database outage)
 * are cut to {@code maxErrorBurst} so the recovery is part of the show.
 */
public final class DemoTimeline {
  private DemoTimeline() {}

  /**
   * The onset offset from {@code startMs}: at least {@code lead} in, on a window boundary, so the
   * first anomalous window starts with the bad deploy (the timeline then reads "deployed 09:02:00,
   * onset 09:02:00").
   */
  public static long onsetOffsetMs(long startMs, Duration lead, Duration window) {
    long w = window.toMillis();
    long at = startMs + lead.toMillis();
    return Math.floorDiv(at + w - 1, w) * w - startMs;
  }

  public static Scenario retime(
      Scenario s, long onsetOffsetMs, Duration maxErrorBurst, Duration duration) {
    Expectation x = s.expectation();
    if (x.brokenPool() == null) {
      throw new IllegalArgumentException("scenario " + s.name() + " has no incident to show");
    }
    long shift = x.onsetOffsetMs() - onsetOffsetMs;
    Scenario.Builder b = Scenario.builder(s.name(), s.description());
    for (Scenario.PoolSpec p : s.pools()) {
      b.pool(p.name(), p.servers(), p.traffic(), p.initialConfig())
          .capacity(p.name(), p.overload().capacityRps());
      for (PoolConfig c : p.configs().subList(1, p.configs().size())) {
        b.config(p.name(), c);
      }
    }
    for (Scenario.Step step : s.timeline()) {
      if (step instanceof Scenario.ClockSkew k) { // for the whole run, not a moment in it
        b.clockSkew(k.pool(), k.share(), k.skewMs());
        continue;
      }
      long at = step.atOffsetMs() - shift;
      if (at < 0) {
        throw new IllegalArgumentException(
            "scenario " + s.name() + ": step " + step + " would fall before the start");
      }
      if (step instanceof Scenario.Deploy d) {
        b.deploy(at, d.pool(), d.version());
      } else if (step instanceof Scenario.BackendErrors e) {
        b.backendErrors(
            e.pool(),
            at,
            Math.min(e.untilOffsetMs() - shift, at + maxErrorBurst.toMillis()),
            e.rate());
      }
    }
    return b.duration(duration.toMillis())
        .initialConfigsAnnouncedAt(s.initialAnnounceOffsetMs())
        .expect(
            new Expectation(
                x.mustDetectKinds(),
                x.mustStayQuiet(),
                x.rollbackExpected(),
                x.brokenPool(),
                onsetOffsetMs,
                x.badVersion(),
                x.lastKnownGoodVersion(),
                x.harmDelayMs()))
        .build();
  }
}
