package io.fulcrum.remediate;

import io.fulcrum.anomaly.AnomalyEvents;
import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.avro.internal.VersionHealth;
import io.fulcrum.detect.Finding;
import io.fulcrum.distribution.ClosedWindow;
import io.fulcrum.remediate.RemediationOutput.Suppression;
import io.fulcrum.sign.CommandSigner;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, per pool, when to roll a load-balancer config back and follows the incident to its end.
 * Pure: the caller loads a {@link PoolState}, calls one entry point per input, stores the state and
 * publishes the output, all in one exactly-once transaction. Deterministic in its inputs (event
 * time only, ids derived from the incident), so reprocessing after a crash produces the same
 * command id, and replayed inputs change nothing.
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
  private final CommandSigner signer;
  private final AnomalyEvents causes;
  private final Approvals approvals;
  private final RollbackGuards guards;

  public RemediationPolicy(RemediationSettings settings) {
    this.settings = settings;
    this.signer = settings.signer();
    this.causes = new AnomalyEvents(settings.lookback());
    this.approvals = new Approvals(settings);
    this.guards = new RollbackGuards(settings);
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
      case ROLLBACK_ISSUED -> awaitResult(st, now);
      case VERIFYING -> verify(st, v, now);
      // Expiry is judged in event time, like everything else: on the windows that follow the
      // proposal.
      case AWAITING_APPROVAL ->
          approvals.expired(st, now)
              ? escalate(st, now, approvals.expire(st, now))
              : approvals.withdrawIfRecovered(st, now)
                  ? closeIfHealthy(st, now)
                  : RemediationOutput.NONE;
      // The config change may reach the history after the incident opened: decide again once it is
      // known.
      case ALERT_ONLY ->
          anomalous && inc.getSuspectedVersion() == null && suspect(st, v, inc).isPresent()
              ? decide(st, v, now)
              : closeIfHealthy(st, now);
      default -> closeIfHealthy(st, now);
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
        || healthyWindows(st, change) >= settings.freshWindows()) {
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
    return decide(st, v, now);
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
            summary(
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
      return escalate(st, at, reason);
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
      escalate(st, at, approvals.expire(st, at));
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
      return suppress(st, a.at(), off.get());
    }
    return st.versions
        .get(a.to())
        .map(target -> issue(st, a.at(), a.from(), target))
        .orElseGet(
            () ->
                escalate(
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
    return decide(st, v, now);
  }

  /** The latest change within the lookback, whatever its record. */
  private Optional<ConfigEntry> latestChange(WindowVerdict v, Incident inc) {
    long onset = inc.getOnsetAt().toEpochMilli();
    ClosedWindow w = v.window();
    return causes.suspect(w.config(), onset, onset + (w.windowEnd() - w.windowStart()));
  }

  /**
   * The change to blame: the latest within the lookback, unless it already ran healthy for {@code
   * freshWindows} windows before the onset. A change shows its effect at once; trouble that starts
   * after it proved itself (a database outage two minutes after a harmless deploy) is not explained
   * by it, and rolling it back would only add a second change to the outage.
   */
  private Optional<ConfigEntry> suspect(PoolState st, WindowVerdict v, Incident inc) {
    return latestChange(v, inc).filter(c -> healthyWindows(st, c) < settings.freshWindows());
  }

  private static long healthyWindows(PoolState st, ConfigEntry c) {
    return st.versions.get(c.getVersion()).map(VersionHealth::getHealthyWindows).orElse(0);
  }

  private RemediationOutput decide(PoolState st, WindowVerdict v, long now) {
    Incident inc = st.incident;
    Optional<ConfigEntry> found = suspect(st, v, inc);
    if (found.isEmpty()) {
      Optional<ConfigEntry> proven = latestChange(v, inc);
      String why =
          proven
              .map(
                  c ->
                      "config "
                          + c.getVersion()
                          + " ran healthy for "
                          + TimelineText.duration(
                              healthyWindows(st, c)
                                  * (v.window().windowEnd() - v.window().windowStart()))
                          + " ("
                          + healthyWindows(st, c)
                          + " windows) before onset; not the cause")
              .orElse("no change on " + st.pool + " in the " + lookback() + " before onset");
      String reason =
          String.join(" + ", inc.getKinds().stream().map(Enum::name).toList())
              + " not explained by a config change: "
              + why
              + "; no rollback";
      Incidents.append(inc, now, TimelineEventType.ALERT_ONLY, reason);
      Incidents.transition(inc, IncidentState.ALERT_ONLY, now);
      inc.setSummary(summary(st, "alert only, no rollback"));
      return RemediationOutput.incident(inc);
    }
    ConfigEntry suspect = found.get();
    inc.setSuspectedVersion(suspect.getVersion());
    inc.setConfigChangeAt(Instant.ofEpochMilli(suspect.getTimestamp()));
    Incidents.append(
        inc,
        suspect.getTimestamp(),
        TimelineEventType.CONFIG_CHANGE,
        TimelineText.deployed(suspect));
    st.versions.implicate(suspect, now);
    String active =
        v.window().activeConfig().map(ConfigEntry::getVersion).orElse(suspect.getVersion());
    if (!active.equals(suspect.getVersion())) {
      return suppress(
          st,
          now,
          Suppression.NEWER_CHANGE,
          IncidentState.ESCALATED,
          "config changed again after "
              + suspect.getVersion()
              + ": "
              + active
              + " is active now, so not rolling back over a newer change");
    }
    Optional<VersionHealth> target =
        st.versions.lastKnownGood(settings.minHealthyWindows(), Set.of(active));
    if (target.isEmpty()) {
      return suppress(
          st,
          now,
          Suppression.NO_KNOWN_GOOD,
          IncidentState.ESCALATED,
          st.versions.whyNoKnownGood(settings.minHealthyWindows(), Set.of(active)));
    }
    return rollback(st, now, active, target.get());
  }

  /** The guards, then the command. */
  private RemediationOutput rollback(PoolState st, long now, String from, VersionHealth target) {
    Incident inc = st.incident;
    inc.setLastKnownGoodVersion(target.getVersion());
    String move = from + " -> " + target.getVersion();
    Optional<RollbackGuards.Block> block =
        guards
            .switchedOff(move, "proposed")
            .or(() -> guards.rateLimited(st.pool, st.rollbacksIssuedAt, now, move));
    if (block.isPresent()) {
      return suppress(st, now, block.get());
    }
    if (settings.mode() == RemediationSettings.Mode.APPROVE) {
      return approvals.propose(
          st,
          now,
          from,
          target,
          summary(
              st,
              "awaiting approval to roll back to " + target.getVersion() + " (last known good)"));
    }
    return issue(st, now, from, target);
  }

  /** Signs and issues the command: at once in auto mode, on approval in approve mode. */
  private RemediationOutput issue(PoolState st, long now, String from, VersionHealth target) {
    Incident inc = st.incident;
    String move = from + " -> " + target.getVersion();
    st.attempts++;
    String commandId = Incidents.commandId(inc.getIncidentId(), st.attempts);
    String dry = settings.dryRun() ? " [dry run]" : "";
    RollbackCommand unsigned =
        RollbackCommand.newBuilder()
            .setCommandId(commandId)
            .setIncidentId(inc.getIncidentId())
            .setPool(st.pool)
            .setFromVersion(from)
            .setToVersion(target.getVersion())
            .setReason(
                summary(
                    st, "roll back to " + target.getVersion() + ", the last known good version"))
            .setIssuedAt(Instant.ofEpochMilli(now))
            .setDryRun(settings.dryRun())
            .setKeyId(settings.keyId())
            .setSignature("")
            .build();
    RollbackCommand command = signer.sign(unsigned);
    st.rollbacksIssuedAt.add(now);
    st.windowsSinceIssue = 0;
    st.resultReceived = false;
    inc.setRollbackCommandId(commandId);
    inc.setRollbackIssuedAt(Instant.ofEpochMilli(now));
    Incidents.append(
        inc,
        now,
        TimelineEventType.ROLLBACK_ISSUED,
        "rollback issued: "
            + move
            + " (last known good, healthy for "
            + target.getHealthyWindows()
            + " windows), command "
            + commandId
            + dry);
    Incidents.transition(inc, IncidentState.ROLLBACK_ISSUED, now);
    inc.setSummary(
        summary(st, "rolling back to " + target.getVersion() + " (last known good)" + dry));
    return new RemediationOutput(
        Optional.of(command), Optional.of(Incidents.copy(inc)), Optional.empty());
  }

  private RemediationOutput suppress(PoolState st, long now, RollbackGuards.Block b) {
    return suppress(st, now, b.guard(), b.state(), b.reason());
  }

  private RemediationOutput suppress(
      PoolState st, long now, Suppression guard, IncidentState state, String reason) {
    Incident inc = st.incident;
    Incidents.append(
        inc,
        now,
        TimelineEventType.ROLLBACK_SUPPRESSED,
        "automatic rollback suppressed ("
            + guard.name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + ")");
    RemediationOutput out;
    if (state == IncidentState.ESCALATED) {
      out = escalate(st, now, reason);
    } else {
      Incidents.append(inc, now, TimelineEventType.ALERT_ONLY, "alert only: " + reason);
      Incidents.transition(inc, state, now);
      inc.setSummary(summary(st, reason));
      out = RemediationOutput.incident(inc);
    }
    return new RemediationOutput(out.command(), out.incident(), Optional.of(guard));
  }

  private RemediationOutput escalate(PoolState st, long now, String reason) {
    Incident inc = st.incident;
    inc.setEscalationReason(reason);
    Incidents.append(inc, now, TimelineEventType.ESCALATED, "ESCALATED to a human: " + reason);
    Incidents.transition(inc, IncidentState.ESCALATED, now);
    inc.setSummary(summary(st, "escalated: " + reason));
    return RemediationOutput.incident(inc);
  }

  private RemediationOutput awaitResult(PoolState st, long now) {
    st.windowsSinceIssue++;
    if (st.windowsSinceIssue < settings.verificationWindows()) {
      return RemediationOutput.NONE;
    }
    return escalate(
        st,
        now,
        "no result from the actuator for command "
            + st.incident.getRollbackCommandId()
            + " within "
            + settings.verificationWindows()
            + " windows");
  }

  private RemediationOutput verify(PoolState st, WindowVerdict v, long now) {
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
          summary(
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
        return rollback(st, now, target, next.get());
      }
      reason +=
          "; "
              + st.versions.whyNoKnownGood(settings.minHealthyWindows(), exclude)
              + " for a second rollback";
    }
    return escalate(st, now, reason);
  }

  /**
   * The pool was silent for {@code fulcrum.pool.forget-after} and is forgotten: an incident still
   * open (a pool taken out of service goes silent, which is an anomaly) is closed, so that its
   * alert ends. The caller then drops the pool's state.
   */
  public RemediationOutput onForgotten(PoolState st, long at) {
    return Incidents.forgotten(st, at);
  }

  /** Closes an ALERT_ONLY or ESCALATED incident once the pool is healthy again. */
  private RemediationOutput closeIfHealthy(PoolState st, long now) {
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

  private String summary(PoolState st, String status) {
    return Incidents.summary(st, lookback(), status);
  }

  private String lookback() {
    return TimelineText.duration(settings.lookback().toMillis());
  }
}
