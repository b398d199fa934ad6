package io.fulcrum.replay;

import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers rollback commands during an offline replay, in event time. A recorded log cannot react to
 * a rollback, so the default reports a dry run: the incident then shows whether the recording
 * recovered by itself.
 */
public final class ReplayActuator {
  /** Event time between a command and its simulated result. */
  public static final long APPLY_MS = 800;

  public static final String BACKEND = "replay";

  /** What the simulated actuator reports. */
  public enum Mode {
    /** DRY_RUN results: nothing was applied (the recording cannot change). */
    DRY_RUN,
    /** APPLIED results: for recordings in which the rollback was really made. */
    APPLIED,
    /** No results: the incident escalates for want of an answer, as with a dead actuator. */
    NONE;

    public static Mode parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--actuator: '" + s + "' is not one of dry-run, applied, none");
      }
    }
  }

  private ReplayActuator() {}

  public static Optional<RemediationResult> respond(RollbackCommand c, Mode mode) {
    return switch (mode) {
      case NONE -> Optional.empty();
      case DRY_RUN -> Optional.of(result(c, RemediationOutcome.DRY_RUN, c.getFromVersion(), null));
      case APPLIED ->
          Optional.of(
              result(
                  c,
                  c.getDryRun() ? RemediationOutcome.DRY_RUN : RemediationOutcome.APPLIED,
                  c.getDryRun() ? c.getFromVersion() : c.getToVersion(),
                  null));
    };
  }

  /** A result for {@code c}, finished {@link #APPLY_MS} after it was issued. */
  public static RemediationResult result(
      RollbackCommand c, RemediationOutcome outcome, String versionAfter, String reason) {
    Instant received = c.getIssuedAt();
    return RemediationResult.newBuilder()
        .setCommandId(c.getCommandId())
        .setIncidentId(c.getIncidentId())
        .setPool(c.getPool())
        .setOutcome(outcome)
        .setBackend(BACKEND)
        .setRequestedVersion(c.getToVersion())
        .setVersionBefore(c.getFromVersion())
        .setVersionAfter(versionAfter)
        .setReason(reason)
        .setReceivedAt(received)
        .setFinishedAt(received.plusMillis(APPLY_MS))
        .setDurationMs(APPLY_MS)
        .setActuatorId(BACKEND)
        .build();
  }
}
