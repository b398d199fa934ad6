package io.fulcrum.remediate;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.RollbackCommand;
import java.util.Optional;

/**
 * What one input makes the policy publish, both keyed by pool: at most one signed command (to
 * {@code fulcrum.rollback-commands}) and the incident as it stands after the transition (to {@code
 * fulcrum.incidents}).
 *
 * @param suppressedBy the guard that stopped a rollback in this step, for metrics; empty otherwise
 */
public record RemediationOutput(
    Optional<RollbackCommand> command,
    Optional<Incident> incident,
    Optional<Suppression> suppressedBy) {
  public static final RemediationOutput NONE =
      new RemediationOutput(Optional.empty(), Optional.empty(), Optional.empty());

  public boolean isEmpty() {
    return command.isEmpty() && incident.isEmpty();
  }

  static RemediationOutput incident(Incident i) {
    return new RemediationOutput(
        Optional.empty(), Optional.of(Incidents.copy(i)), Optional.empty());
  }

  /** Why a rollback was not issued although an incident was open. */
  public enum Suppression {
    /** A newer config change than the suspect is active: someone is already acting. */
    NEWER_CHANGE,
    /** No version was seen healthy long enough, or every candidate was implicated before. */
    NO_KNOWN_GOOD,
    KILL_SWITCH,
    COOLDOWN,
    HOURLY_CAP,
    /** fulcrum.remediation.mode=alert: never propose or issue a rollback. */
    ALERT_MODE
  }
}
