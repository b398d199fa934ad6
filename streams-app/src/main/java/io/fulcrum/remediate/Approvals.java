package io.fulcrum.remediate;

import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.ApprovalVerdict;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.avro.internal.VersionHealth;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approval mode ({@code fulcrum.remediation.mode=approve}): a rollback that passed every guard is
 * proposed, and the incident waits in AWAITING_APPROVAL for an operator. The decision arrives as an
 * input of the same per-pool, exactly-once step as the windows, so the first approval issues the
 * command and any later one (a double click, a second instance) finds the proposal gone and is only
 * noted in the timeline.
 */
final class Approvals {
  private static final Logger log = LoggerFactory.getLogger(Approvals.class);
  private final RemediationSettings settings;

  Approvals(RemediationSettings settings) {
    this.settings = settings;
  }

  /** What an approval asks the policy to do: issue the proposed rollback. */
  record Approved(long at, String from, String to) {}

  /** A decision's effect: the incident to publish (if any), or the rollback to issue. */
  record Outcome(RemediationOutput output, Optional<Approved> approved) {
    static Outcome publish(RemediationOutput out) {
      return new Outcome(out, Optional.empty());
    }
  }

  /**
   * Parks the rollback as a proposal; the incident shows the target and when the proposal expires.
   */
  RemediationOutput propose(
      PoolState st, long now, String from, VersionHealth target, String summary) {
    Incident inc = st.incident;
    long expires = now + settings.approvalTimeout().toMillis();
    st.proposedFrom = from;
    st.approvalNote = "";
    inc.setApprovalExpiresAt(Instant.ofEpochMilli(expires));
    Incidents.append(
        inc,
        now,
        TimelineEventType.APPROVAL_REQUESTED,
        "approval requested: rollback "
            + from
            + " -> "
            + target.getVersion()
            + " (last known good, healthy for "
            + target.getHealthyWindows()
            + " windows); "
            + "expires at "
            + TimelineText.hms(expires)
            + " UTC (fulcrum.remediation.mode=approve)");
    Incidents.transition(inc, IncidentState.AWAITING_APPROVAL, now);
    inc.setSummary(summary);
    return RemediationOutput.incident(inc);
  }

  /** True when a proposal is pending and its time is up (event time of a window). */
  boolean expired(PoolState st, long now) {
    Incident inc = st.incident;
    return st.proposedFrom != null
        && inc.getApprovalExpiresAt() != null
        && now >= inc.getApprovalExpiresAt().toEpochMilli();
  }

  /** Ends the pending proposal; returns the escalation reason. */
  String expire(PoolState st, long now) {
    String reason =
        "approval not given within " + TimelineText.duration(settings.approvalTimeout().toMillis());
    Incidents.append(
        st.incident,
        now,
        TimelineEventType.APPROVAL_EXPIRED,
        "proposal expired: rollback "
            + st.proposedFrom
            + " -> "
            + st.incident.getLastKnownGoodVersion()
            + " was not approved in time");
    end(st, "the proposal expired at " + TimelineText.hms(now) + " UTC");
    return reason;
  }

  /**
   * A pool that recovers before anyone answers (fixed by hand, or the change reverted) needs no
   * rollback: the proposal is withdrawn, so a late click cannot roll back a healthy pool, and the
   * incident is left to close.
   */
  boolean withdrawIfRecovered(PoolState st, long now) {
    if (st.proposedFrom == null || st.healthyStreak < settings.recoveryWindows()) {
      return false;
    }
    Incidents.append(
        st.incident,
        now,
        TimelineEventType.APPROVAL_EXPIRED,
        "proposal withdrawn: rollback "
            + st.proposedFrom
            + " -> "
            + st.incident.getLastKnownGoodVersion()
            + " is no longer needed, the pool is "
            + "healthy again since "
            + TimelineText.hms(st.healthyStreakStart)
            + " UTC");
    end(
        st,
        "the proposal was withdrawn at "
            + TimelineText.hms(now)
            + " UTC: the pool recovered without it");
    Incidents.transition(st.incident, IncidentState.ALERT_ONLY, now);
    return true;
  }

  /**
   * Applies a decision: the rollback to issue for a valid approval; otherwise the decline, or the
   * reason the decision was ignored, is recorded in the timeline.
   */
  Outcome decide(PoolState st, ApprovalDecision d) {
    Incident inc = st.incident;
    long at = d.getAt().toEpochMilli();
    String by = d.getBy() == null || d.getBy().isBlank() ? "unknown" : d.getBy();
    if (inc == null || !inc.getIncidentId().equals(d.getIncidentId())) {
      // Nothing to note it in: the incident is closed (or never existed on this pool).
      log.info(
          "{} of incident {} by {} ignored: it is not open on pool {}",
          d.getDecision(),
          d.getIncidentId(),
          by,
          st.pool);
      return Outcome.publish(RemediationOutput.NONE);
    }
    String verb = d.getDecision() == ApprovalVerdict.DECLINE ? "decline" : "approval";
    if (st.proposedFrom == null || d.getDecision() == ApprovalVerdict.UNKNOWN) {
      String why =
          d.getDecision() == ApprovalVerdict.UNKNOWN
              ? "a decision this version does not know"
              : st.approvalNote.isEmpty()
                  ? "no rollback awaits approval (state " + inc.getState() + ")"
                  : st.approvalNote;
      Incidents.append(
          inc, at, TimelineEventType.APPROVAL_IGNORED, verb + " by " + by + " ignored: " + why);
      bump(inc, at);
      return Outcome.publish(RemediationOutput.incident(inc));
    }
    String move = st.proposedFrom + " -> " + inc.getLastKnownGoodVersion();
    if (d.getDecision() == ApprovalVerdict.DECLINE) {
      String reason =
          d.getReason() == null || d.getReason().isBlank() ? "no reason given" : d.getReason();
      Incidents.append(
          inc,
          at,
          TimelineEventType.DECLINED,
          "rollback " + move + " declined by " + by + ": " + reason);
      end(st, "declined by " + by + " at " + TimelineText.hms(at) + " UTC");
      Incidents.transition(inc, IncidentState.ALERT_ONLY, at);
      inc.setSummary(
          Incidents.summary(st, lookback(), "rollback declined by " + by + ": " + reason));
      return Outcome.publish(RemediationOutput.incident(inc));
    }
    String from = st.proposedFrom;
    Incidents.append(
        inc,
        at,
        TimelineEventType.APPROVED,
        "rollback " + move + " approved by " + by + " at " + TimelineText.hms(at) + " UTC");
    end(st, "already approved by " + by + " at " + TimelineText.hms(at) + " UTC");
    return new Outcome(
        RemediationOutput.NONE, Optional.of(new Approved(at, from, inc.getLastKnownGoodVersion())));
  }

  private static void end(PoolState st, String note) {
    st.proposedFrom = null;
    st.approvalNote = note;
    st.incident.setApprovalExpiresAt(null);
  }

  private static void bump(Incident inc, long at) {
    inc.setUpdatedAt(Instant.ofEpochMilli(Math.max(at, inc.getUpdatedAt().toEpochMilli())));
  }

  private String lookback() {
    return TimelineText.duration(settings.lookback().toMillis());
  }
}
