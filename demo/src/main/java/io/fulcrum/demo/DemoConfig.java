package io.fulcrum.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * How one demo run plays. The defaults tell the default story in about 90 s; tests shorten the
 * windows and the healthy lead to tell the same story faster.
 *
 * @param scenario the story
 * @param lb which load balancer
 * @param ansi refresh the view in place (a terminal, colors allowed); else plain, append-only lines
 * @param keepRunning after the story, keep traffic and the view going until Ctrl-C
 * @param duration the story must be complete this long after the traffic starts, or the demo fails
 * @param window Fulcrum's window size ({@code fulcrum.window.size})
 * @param grace {@code fulcrum.window.grace}
 * @param healthyLead healthy traffic before the incident starts (the baseline learns meanwhile)
 * @param maxErrorBurst a failure not caused by config (database outage) lasts at most this long
 * @param rateRps total request rate; 0 = the scenario's own (100-120 req/s)
 * @param seed simulator seed
 * @param guarded deploy through the change guard ({@code fulcrum deploy}): a blocked deploy is
 *     forced with a reason and announced by the deploy itself, not by the scenario's script (real
 *     HAProxy only)
 */
public record DemoConfig(
    DemoScenario scenario,
    LbMode lb,
    boolean ansi,
    boolean keepRunning,
    Duration duration,
    Duration window,
    Duration grace,
    Duration healthyLead,
    Duration maxErrorBurst,
    double rateRps,
    long seed,
    boolean guarded) {

  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(150);
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_LEAD = Duration.ofSeconds(45);
  public static final Duration DEFAULT_ERROR_BURST = Duration.ofSeconds(40);

  public DemoConfig {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(lb, "lb");
    require(
        duration.compareTo(healthyLead.plus(window.multipliedBy(4))) > 0,
        "--duration "
            + duration.toSeconds()
            + "s is too short: the incident starts after "
            + healthyLead.toSeconds()
            + "s and needs several "
            + window.toSeconds()
            + "s windows to be caught and undone");
    require(window.toMillis() >= 1000, "window must be at least 1s");
    require(!grace.isNegative() && grace.compareTo(window) <= 0, "grace must be within the window");
    require(
        healthyLead.compareTo(window.multipliedBy(8)) >= 0,
        "the healthy lead must cover at least 8 windows "
            + "(baseline warm-up and last-known-good)");
    require(rateRps >= 0 && rateRps <= 5000, "rate must be within 0..5000 req/s");
    require(
        !guarded || lb != LbMode.SIMULATED,
        "--guarded deploys to a real HAProxy: not with --lb simulated");
  }

  public static DemoConfig defaults(DemoScenario scenario) {
    return new DemoConfig(
        scenario,
        LbMode.AUTO,
        false,
        false,
        DEFAULT_DURATION,
        DEFAULT_WINDOW,
        DEFAULT_GRACE,
        DEFAULT_LEAD,
        DEFAULT_ERROR_BURST,
        0,
        42,
        false);
  }

  public DemoConfig withLb(LbMode mode) {
    return new DemoConfig(
        scenario,
        mode,
        ansi,
        keepRunning,
        duration,
        window,
        grace,
        healthyLead,
        maxErrorBurst,
        rateRps,
        seed,
        guarded);
  }

  public DemoConfig withView(boolean ansiView, boolean keep) {
    return new DemoConfig(
        scenario,
        lb,
        ansiView,
        keep,
        duration,
        window,
        grace,
        healthyLead,
        maxErrorBurst,
        rateRps,
        seed,
        guarded);
  }

  public DemoConfig withDuration(Duration d) {
    return new DemoConfig(
        scenario,
        lb,
        ansi,
        keepRunning,
        d,
        window,
        grace,
        healthyLead,
        maxErrorBurst,
        rateRps,
        seed,
        guarded);
  }

  /** A faster timeline (tests): shorter windows, lead and error burst. */
  public DemoConfig withTimeline(
      Duration windowSize, Duration windowGrace, Duration lead, Duration errorBurst) {
    return new DemoConfig(
        scenario,
        lb,
        ansi,
        keepRunning,
        duration,
        windowSize,
        windowGrace,
        lead,
        errorBurst,
        rateRps,
        seed,
        guarded);
  }

  public DemoConfig withGuardedDeploys(boolean through) {
    return new DemoConfig(
        scenario,
        lb,
        ansi,
        keepRunning,
        duration,
        window,
        grace,
        healthyLead,
        maxErrorBurst,
        rateRps,
        seed,
        through);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
