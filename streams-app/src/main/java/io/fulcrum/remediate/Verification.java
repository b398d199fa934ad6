package io.fulcrum.remediate;

import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.avro.internal.VersionHealth;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The end of an incident: waiting for the actuator's result, verifying that the rollback fixed the
 * pool (or trying a second one, or escalating), and closing an incident that needs no rollback once
 * the pool is healthy again. Split from {@link RemediationPolicy} so that the closing rules read
 * apart from the opening ones.
 */
final class Verification {
  private final RemediationSettings settings;
  private final RollbackIssuer issuer;

  Verification(RemediationSettings settings, RollbackIssuer issuer) {
    this.settings = settings;
    this.issuer = issuer;
  }

  RemediationOutput awaitResult(PoolState st, long now) {
    st.windowsSinceIssue++;
    if (st.windowsSinceIssue < settings.verificationWindows()) {
      return RemediationOutput.NONE;
    }
    return issuer.escalate(
        st,
        now,
        "no result from the actuator for command "
            + st.incident.getRollbackCommandId()
            + " within "
            + settings.verificationWindows()
            + " windows");
  }

  RemediationOutput verify(PoolState st, WindowVerdict v, long now) {
    Incident inc = st.incident;
    st.verifyWindows++;
    String target = inc.getLastKnownGoodVersion();
    if (st.healthyStreak >= settings.recoveryWindows()) {
      Incidents.recovered(
          st,
          st.healthyStreakStart,
          "traffic and errors back to normal (" + st.healthyStreak + " healthy windows)");
      Incidents.append(
          inc,
          now,
          TimelineEventType.RESOLVED,
          "RESOLVED: rollback to "
              + target
              + " fixed it (MTTD "
              + TimelineText.duration(inc.getMttdMs())
              + ", MTTR "
              + TimelineText.duration(inc.getMttrMs())
              + ")");
      inc.setResolvedAt(Instant.ofEpochMilli(now));
      Incidents.transition(inc, IncidentState.RESOLVED, now);
      inc.setSummary(
          issuer.summary(
              st,
              "rolled back to "
                  + target
                  + ", recovered "
                  + TimelineText.duration(inc.getMttrMs())
                  + " after onset"));
      st.close();
      return RemediationOutput.incident(inc);
    }
    if (st.verifyWindows < settings.verificationWindows()) {
      return RemediationOutput.NONE;
    }
    String reason =
        "did not recover within "
            + settings.verificationWindows()
            + " windows after rollback to "
            + target
            + (st.dryRunApplied ? " (dry run: nothing was applied)" : "");
    if (settings.allowAutomaticSecondRollback() && st.attempts == 1 && !st.dryRunApplied) {
      Set<String> exclude = new HashSet<>(Set.of(target, inc.getSuspectedVersion()));
      v.window().activeConfig().ifPresent(a -> exclude.add(a.getVersion()));
      Optional<VersionHealth> next =
          st.versions.lastKnownGood(settings.minHealthyWindows(), exclude);
      if (next.isPresent()) {
        Incidents.append(
            inc,
            now,
            TimelineEventType.ANOMALY,
            "verification failed: "
                + reason
                + "; trying the next known-good version "
                + next.get().getVersion());
        return issuer.rollback(st, now, target, next.get());
      }
      reason +=
          "; "
              + st.versions.whyNoKnownGood(settings.minHealthyWindows(), exclude)
              + " for a second rollback";
    }
    return issuer.escalate(st, now, reason);
  }

  /** Closes an ALERT_ONLY or ESCALATED incident once the pool is healthy again. */
  RemediationOutput closeIfHealthy(PoolState st, long now) {
    if (st.healthyStreak < settings.recoveryWindows()) {
      return RemediationOutput.NONE;
    }
    Incident inc = st.incident;
    // Stamped when confirmed: the healthy streak may have begun before the escalation it follows.
    Incidents.recovered(
        st,
        now,
        "pool healthy again since "
            + TimelineText.hms(st.healthyStreakStart)
            + " UTC ("
            + st.healthyStreak
            + " healthy windows); incident closed");
    Incidents.transition(inc, inc.getState(), now);
    inc.setSummary(
        inc.getSummary()
            + "; recovered at "
            + TimelineText.hms(inc.getRecoveredAt().toEpochMilli())
            + " UTC");
    st.close();
    return RemediationOutput.incident(inc);
  }
}
