package io.fulcrum.demo;

import io.fulcrum.remediate.TimelineText;
import io.fulcrum.sim.Scenario;
import java.util.Locale;
import java.util.function.Supplier;

/** The view's bottom line: what happens next, or how the story ended. */
final class StatusLine {
  private final Scenario scenario;
  private final long onsetAtMs;
  private final boolean keepRunning;
  private final Supplier<Outcome> outcome;

  StatusLine(Scenario scenario, long startMs, boolean keepRunning, Supplier<Outcome> outcome) {
    this.scenario = scenario;
    this.onsetAtMs = startMs + scenario.expectation().onsetOffsetMs();
    this.keepRunning = keepRunning;
    this.outcome = outcome;
  }

  /**
   * @param live with countdowns (the in-place view); without, it changes only when the phase does
   */
  String text(boolean live) {
    return text(System.currentTimeMillis(), live);
  }

  String text(long nowMs, boolean live) {
    Outcome o = outcome.get();
    if (o != null) {
      String times =
          "MTTD " + ms(o.incident().getMttdMs()) + ", MTTR " + ms(o.incident().getMttrMs());
      return (o.ok() ? "story complete: " : "story went off script: ")
          + o.message()
          + " ("
          + times
          + ")"
          + (keepRunning ? "; still running, Ctrl-C to stop" : "");
    }
    if (nowMs < onsetAtMs) {
      return "healthy traffic while the baseline learns; "
          + trigger()
          + " at "
          + TimelineText.hms(onsetAtMs)
          + " UTC"
          + (live ? " (in " + TimelineText.duration(round(onsetAtMs - nowMs)) + ")" : "");
    }
    return "incident under way"
        + (live ? " for " + TimelineText.duration(round(nowMs - onsetAtMs)) : "")
        + ": watching Fulcrum "
        + (scenario.expectation().rollbackExpected()
            ? "detect, roll back and verify"
            : "detect and alert");
  }

  /** What the scenario does at the onset, e.g. "config v42 goes live on be_web". */
  String trigger() {
    long onset = scenario.expectation().onsetOffsetMs();
    for (Scenario.Step s : scenario.timeline()) {
      if (s.atOffsetMs() == onset && s instanceof Scenario.Deploy d) {
        return "config " + d.version() + " goes live on " + d.pool();
      }
      if (s.atOffsetMs() == onset && s instanceof Scenario.BackendErrors e) {
        return String.format(
            Locale.ROOT,
            "%s's backends start failing (%.0f%% 500s, no config change)",
            e.pool(),
            e.rate() * 100);
      }
    }
    return "the incident starts";
  }

  private static long round(long ms) {
    return Math.max(0, (ms + 999) / 1000 * 1000);
  }

  private static String ms(Long v) {
    return v == null ? "-" : TimelineText.duration(v);
  }
}
