package io.fulcrum.demo;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.demo.story.Story;
import io.fulcrum.sim.Expectation;

/**
 * Whether the story is told: the broken pool's incident resolved by the rollback (or, with no
 * config change to blame, alerted on and closed once healthy), or went off script.
 */
public record Outcome(boolean ok, Incident incident, String message) {

  /** Null while the story is still going. */
  public static Outcome judge(Story story, Expectation x) {
    Incident i = story.latestIncident(x.brokenPool()).orElse(null);
    if (i == null) {
      return null;
    }
    IncidentState s = i.getState();
    boolean closed = i.getRecoveredAt() != null;
    if (x.rollbackExpected()) {
      if (s == IncidentState.RESOLVED) {
        return new Outcome(true, i, "resolved by rolling back to " + i.getLastKnownGoodVersion());
      }
      if (s == IncidentState.ESCALATED) {
        return new Outcome(
            false, i, "the incident was escalated instead of resolved: " + i.getEscalationReason());
      }
      if (s == IncidentState.ALERT_ONLY && closed) {
        return new Outcome(false, i, "the incident ended as an alert without a rollback");
      }
      return null;
    }
    if (s == IncidentState.ALERT_ONLY && closed) {
      return new Outcome(
          true, i, "alerted without a rollback (no config change to blame), closed once healthy");
    }
    if (s == IncidentState.ROLLBACK_ISSUED
        || s == IncidentState.RESOLVED
        || s == IncidentState.ESCALATED) {
      return new Outcome(false, i, "expected an alert only, but the incident went " + s);
    }
    return null;
  }
}
