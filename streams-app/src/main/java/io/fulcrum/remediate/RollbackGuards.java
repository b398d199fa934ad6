package io.fulcrum.remediate;

import io.fulcrum.avro.IncidentState;
import io.fulcrum.remediate.RemediationOutput.Suppression;
import java.util.List;
import java.util.Optional;

/**
 * The guards every rollback passes before it is issued or proposed: the kill switch, mode=alert,
 * the cooldown after the pool's last rollback, and the hourly cap. A blocked rollback says which
 * guard, the state it leaves the incident in, and why.
 */
final class RollbackGuards {
  private static final long HOUR_MS = 3_600_000L;
  private final RemediationSettings settings;

  RollbackGuards(RemediationSettings settings) {
    this.settings = settings;
  }

  /** Why a rollback may not go out. */
  record Block(Suppression guard, IncidentState state, String reason) {}

  /** The kill switch and mode=alert: settings an operator turns to stop rollbacks altogether. */
  Optional<Block> switchedOff(String move, String verb) {
    if (settings.killSwitch()) {
      return Optional.of(
          new Block(
              Suppression.KILL_SWITCH,
              IncidentState.ALERT_ONLY,
              "kill switch is on: rollback " + move + " not issued"));
    }
    if (settings.mode() == RemediationSettings.Mode.ALERT) {
      return Optional.of(
          new Block(
              Suppression.ALERT_MODE,
              IncidentState.ALERT_ONLY,
              "remediation mode is alert: rollback " + move + " not " + verb));
    }
    return Optional.empty();
  }

  /**
   * The cooldown and the hourly cap, over the pool's recent rollbacks (pruned here: older ones
   * never matter).
   */
  Optional<Block> rateLimited(String pool, List<Long> issuedAt, long now, String move) {
    issuedAt.removeIf(t -> t <= now - Math.max(HOUR_MS, settings.cooldown().toMillis()));
    long last = issuedAt.stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
    if (last != Long.MIN_VALUE && now - last < settings.cooldown().toMillis()) {
      return Optional.of(
          new Block(
              Suppression.COOLDOWN,
              IncidentState.ESCALATED,
              "cooldown: the last rollback on "
                  + pool
                  + " was issued "
                  + TimelineText.duration(now - last)
                  + " ago (cooldown "
                  + TimelineText.duration(settings.cooldown().toMillis())
                  + "), so "
                  + move
                  + " was not issued"));
    }
    long inLastHour = issuedAt.stream().filter(t -> t > now - HOUR_MS).count();
    if (inLastHour >= settings.maxRollbacksPerHour()) {
      return Optional.of(
          new Block(
              Suppression.HOURLY_CAP,
              IncidentState.ESCALATED,
              "rate limit: "
                  + inLastHour
                  + " rollback"
                  + (inLastHour == 1 ? "" : "s")
                  + " on "
                  + pool
                  + " in the last hour (max "
                  + settings.maxRollbacksPerHour()
                  + "), so "
                  + move
                  + " was not issued"));
    }
    return Optional.empty();
  }
}
