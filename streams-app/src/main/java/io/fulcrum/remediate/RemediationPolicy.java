package io.fulcrum.remediate;

import io.fulcrum.anomaly.AnomalyEvents;
import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.avro.internal.VersionHealth;
import io.fulcrum.detect.Finding;
import io.fulcrum.distribution.ClosedWindow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides, per pool, when to roll a load-balancer config back and follows the incident to its end.
 * Pure: the caller loads a {@link PoolState}, calls one entry point per input, stores the state and
 * publishes the output, all in one exactly-once transaction. Deterministic in its inputs (event
 * time only, ids derived from the incident), so reprocessing after a crash produces the same
 * command id, and replayed inputs change nothing.
 *
 * <p>The single entry point of the remediation core: what to blame is {@link Blame}'s call,
 * issuing, suppressing and escalating {@link RollbackIssuer}'s, verifying and closing {@link
 * Verification}'s.
 *
 * <pre>
 * (none) --K anomalous windows--&gt; OPEN --suspect change, known-good target, guards pass--&gt; ROLLBACK_ISSUED
 *   OPEN --no config change in the lookback, or the latest one already ran healthy--&gt; ALERT_ONLY
 *        (--the change arrives late--&gt; decided again)
 *   OPEN --kill switch--&gt; ALERT_ONLY;  --no known-good target / newer change / cooldown / hourly cap--&gt; ESCALATED
 * ROLLBACK_ISSUED --APPLIED, NOOP_ALREADY_ACTIVE, DRY_RUN--&gt; VERIFYING
 * ROLLBACK_ISSUED --FAILED, REJECTED, no result within M windows--&gt; ESCALATED
 * VERIFYING --N healthy windows--&gt; RESOLVED (closed);  --not within M windows--&gt; ESCALATED (or a 2nd rollback)
 * ALERT_ONLY, ESCALATED --N healthy windows--&gt; closed; the next anomaly opens a new incident
 * mode=approve: instead of ROLLBACK_ISSUED, AWAITING_APPROVAL --approved--&gt; ROLLBACK_ISSUED;
 *   --declined--&gt; ALERT_ONLY; --not within the approval timeout--&gt; ESCALATED; --N healthy windows--&gt; closed.
 *   mode=alert: ALERT_ONLY
 * </pre>
 */
public final class RemediationPolicy {
  private final RemediationSettings settings;
  private final Approvals approvals;
  private final RollbackGuards guards;
  private final RollbackIssuer issuer;
  private final Blame blame;
  private final Verification verification;

  public RemediationPolicy(RemediationSettings settings) {
    this.settings = settings;
    this.approvals = new Approvals(settings);
    this.guards = new RollbackGuards(settings);
    this.issuer = new RollbackIssuer(settings, approvals, guards);
    this.blame = new Blame(settings, issuer);
    this.verification = new Verification(settings, issuer);
  }

  /**
   * One closed window of the pool. Windows at or before the newest one processed are replays:
   * ignored.
   */
  public RemediationOutput onWindow(PoolState st, WindowVerdict v) {
    if (v.fast()) {
      return onFastAlarm(st, v);
    }
    ClosedWindow w = v.window();
    if (w.windowStart() <= st.lastWindowStart) {
      return RemediationOutput.NONE;
    }
    st.lastWindowStart = w.windowStart();
    long now = w.closedAt();
    List<Finding> findings = v.analysis().findings();
    boolean anomalous = !findings.isEmpty();
    boolean healthy = !anomalous && v.analysis().healthy();
    st.versions.observe(w.activeConfig().orElse(null), w.windowStart(), healthy);
    st.track(w, findings, healthy);
    Incident inc = st.incident;
    if (inc == null) {
      return st.anomalyStreak >= settings.persistenceWindows()
          ? open(st, v, now)
          : RemediationOutput.NONE;
    }
    if (anomalous) {
      Incidents.addKinds(inc, Incidents.kinds(findings));
      // A whole window judges the theories better than the seconds a fast alarm had.
      inc.setDiagnosis(AnomalyEvents.diagnosis(v.analysis().diagnosis()));
    }
    return switch (inc.getState()) {
      case ROLLBACK_ISSUED -> verification.awaitResult(st, now);
      case VERIFYING -> verification.verify(st, v, now);
      // Expiry is judged in event time, like everything else: on the windows that follow the
      // proposal.
      case AWAITING_APPROVAL ->
          approvals.expired(st, now)
              ? issuer.escalate(st, now, approvals.expire(st, now))
              : approvals.withdrawIfRecovered(st, now)
                  ? verification.closeIfHealthy(st, now)
                  : RemediationOutput.NONE;
      // The config change may reach the history after the incident opened: decide again once it is
      // known.
      case ALERT_ONLY ->
          anomalous && inc.getSuspectedVersion() == null && blame.suspect(st, v, inc).isPresent()
              ? blame.decide(st, v, now)
              : verification.closeIfHealthy(st, now);
      default -> verification.closeIfHealthy(st, now);
    };
  }

  /**
   * The fast path's alarm opens the incident at once, the change as onset (its test already bounds
   * false alarms), unless one is open, the change was blamed before (a restarted watch) or already
   * ran healthy for freshWindows.
   */
  private RemediationOutput onFastAlarm(PoolState st, WindowVerdict v) {
    ConfigEntry change = v.blamedChange();
    boolean blamedBefore =
        st.versions.get(change.getVersion()).map(VersionHealth::getImplicated).orElse(false);
    if (st.incident != null
        || blamedBefore
        || Blame.healthyWindows(st, change) >= settings.freshWindows()) {
      return RemediationOutput.NONE;
    }
    long now = v.window().closedAt();
    List<Finding> findings = v.analysis().findings();
    Incident inc =
        Incidents.open(st.pool, change.getTimestamp(), now, Incidents.kinds(findings), now);
    inc.setDiagnosis(AnomalyEvents.diagnosis(v.analysis().diagnosis()));
    st.open(inc, Incidents.headline(findings));
    st.healthyStreak = 0;
    Incidents.append(
        inc,
        change.getTimestamp(),
        TimelineEventType.ONSET,
        "onset: config "
            + change.getVersion()
            + " deployed on "
            + st.pool
            + "; the fast path watched the pool from then on");
    Incidents.append(inc, now, TimelineEventType.FIRST_ANOMALY, Incidents.firstAnomaly(findings));
    return blame.decide(st, v, now);
  }

  /**
   * The actuator's report. Only the first result for the open incident's current command counts.
   */
  public RemediationOutput onResult(PoolState st, RemediationResult r) {
    Incident inc = st.incident;
    if (inc == null
        || r == null
        || st.resultReceived
        || !r.getCommandId().equals(inc.getRollbackCommandId())
        || !st.pool.equals(r.getPool())) {
      return RemediationOutput.NONE;
    }
    st.resultReceived = true;
    long at = r.getFinishedAt().toEpochMilli();
    boolean waiting = inc.getState() == IncidentState.ROLLBACK_ISSUED;
    String late = waiting ? "" : " (after the incident was escalated)";
    RemediationOutcome outcome = r.getOutcome();
    if (outcome == RemediationOutcome.APPLIED
        || outcome == RemediationOutcome.NOOP_ALREADY_ACTIVE
        || outcome == RemediationOutcome.DRY_RUN) {
      inc.setAppliedAt(r.getFinishedAt());
      Incidents.append(inc, at, TimelineEventType.ACTUATOR_APPLIED, TimelineText.applied(r) + late);
      if (waiting) {
        st.dryRunApplied = outcome == RemediationOutcome.DRY_RUN;
        st.verifyWindows = 0;
        st.healthyStreak = 0; // recovery is judged on windows after the rollback took effect
        Incidents.transition(inc, IncidentState.VERIFYING, at);
        inc.setSummary(
            issuer.summary(
                st,
                r.getRequestedVersion()
                    + (st.dryRunApplied ? " dry run reported" : " applied")
                    + ", verifying recovery"));
      }
      inc.setUpdatedAt(Instant.ofEpochMilli(Math.max(at, inc.getUpdatedAt().toEpochMilli())));
      return RemediationOutput.incident(inc);
    }
    String verb = outcome == RemediationOutcome.REJECTED ? "rejected" : "failed to apply";
    String reason =
        "actuator "
            + verb
            + " the rollback to "
            + r.getRequestedVersion()
            + " ("
            + r.getBackend()
            + ", "
            + outcome
            + "): "
            + (r.getReason() == null || r.getReason().isBlank()
                ? "no reason given"
                : r.getReason());
    Incidents.append(inc, at, TimelineEventType.ACTUATOR_FAILED, reason + late);
    if (waiting) {
      return issuer.escalate(st, at, reason);
    }
    return RemediationOutput.incident(inc);
  }

  /**
   * An operator's approval or decline (approve mode). Only the first answer to a proposal counts.
   */
  public RemediationOutput onApproval(PoolState st, ApprovalDecision d) {
    if (d == null || !st.pool.equals(d.getPool())) {
      return RemediationOutput.NONE;
    }
    long at = d.getAt().toEpochMilli();
    if (st.incident != null
        && st.incident.getIncidentId().equals(d.getIncidentId())
        && approvals.expired(st, at)) {
      // No window has closed since the proposal expired: the answer is still too late.
      issuer.escalate(st, at, approvals.expire(st, at));
    }
    Approvals.Outcome o = approvals.decide(st, d);
    if (o.approved().isEmpty()) {
      return o.output();
    }
    Approvals.Approved a = o.approved().get();
    // The settings may have changed since the proposal: a restart with the kill switch on, or with
    // mode=alert.
    Optional<RollbackGuards.Block> off = guards.switchedOff(a.from() + " -> " + a.to(), "issued");
    if (off.isPresent()) {
      return issuer.suppress(st, a.at(), off.get());
    }
    return st.versions
        .get(a.to())
        .map(target -> issuer.issue(st, a.at(), a.from(), target))
        .orElseGet(
            () ->
                issuer.escalate(
                    st,
                    a.at(),
                    "the approved target " + a.to() + " is no longer in the pool's history"));
  }

  private RemediationOutput open(PoolState st, WindowVerdict v, long now) {
    Incident inc =
        Incidents.open(st.pool, st.streakOnset, st.streakDetectedAt, st.streakKinds, now);
    inc.setDiagnosis(AnomalyEvents.diagnosis(v.analysis().diagnosis()));
    st.open(inc, st.streakHeadline);
    Incidents.append(
        inc,
        st.streakOnset,
        TimelineEventType.ONSET,
        "onset: first anomalous window on " + st.pool);
    Incidents.append(
        inc, st.streakDetectedAt, TimelineEventType.FIRST_ANOMALY, st.streakFirstAnomaly);
    return blame.decide(st, v, now);
  }

  /**
   * The pool was silent for {@code fulcrum.pool.forget-after} and is forgotten: an incident still
   * open (a pool taken out of service goes silent, which is an anomaly) is closed, so that its
   * alert ends. The caller then drops the pool's state.
   */
  public RemediationOutput onForgotten(PoolState st, long at) {
    return Incidents.forgotten(st, at);
  }
}
