package io.fulcrum.remediate;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.avro.internal.VersionHealth;
import io.fulcrum.remediate.RemediationOutput.Suppression;
import io.fulcrum.sign.CommandSigner;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * How an incident's rollback leaves the policy: the guards, then a proposal (approve mode) or a
 * signed command, or else a suppression or an escalation to a human. Split from {@link
 * RemediationPolicy} so that every path that ends a decision (deciding, verifying, an approval, the
 * actuator's report) shares one way of issuing and escalating, with one incident summary.
 */
final class RollbackIssuer {
  private final RemediationSettings settings;
  private final CommandSigner signer;
  private final Approvals approvals;
  private final RollbackGuards guards;

  RollbackIssuer(RemediationSettings settings, Approvals approvals, RollbackGuards guards) {
    this.settings = settings;
    this.signer = settings.signer();
    this.approvals = approvals;
    this.guards = guards;
  }

  /** The guards, then the command. */
  RemediationOutput rollback(PoolState st, long now, String from, VersionHealth target) {
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
  RemediationOutput issue(PoolState st, long now, String from, VersionHealth target) {
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

  RemediationOutput suppress(PoolState st, long now, RollbackGuards.Block b) {
    return suppress(st, now, b.guard(), b.state(), b.reason());
  }

  RemediationOutput suppress(
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

  RemediationOutput escalate(PoolState st, long now, String reason) {
    Incident inc = st.incident;
    inc.setEscalationReason(reason);
    Incidents.append(inc, now, TimelineEventType.ESCALATED, "ESCALATED to a human: " + reason);
    Incidents.transition(inc, IncidentState.ESCALATED, now);
    inc.setSummary(summary(st, "escalated: " + reason));
    return RemediationOutput.incident(inc);
  }

  String summary(PoolState st, String status) {
    return Incidents.summary(st, lookback(), status);
  }

  String lookback() {
    return TimelineText.duration(settings.lookback().toMillis());
  }
}
