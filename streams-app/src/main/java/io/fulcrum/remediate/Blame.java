package io.fulcrum.remediate;

import io.fulcrum.anomaly.AnomalyEvents;
import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.TimelineEventType;
import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.avro.internal.VersionHealth;
import io.fulcrum.distribution.ClosedWindow;
import io.fulcrum.remediate.RemediationOutput.Suppression;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which config change an open incident blames, if any: a fresh change in the lookback, not one that
 * already proved itself healthy, with a known-good version to go back to. Split from {@link
 * RemediationPolicy} so that the judgement of cause reads on its own; what follows a verdict (the
 * guards, the command, an escalation) is the {@link RollbackIssuer}'s.
 */
final class Blame {
  private final RemediationSettings settings;
  private final AnomalyEvents causes;
  private final RollbackIssuer issuer;

  Blame(RemediationSettings settings, RollbackIssuer issuer) {
    this.settings = settings;
    this.causes = new AnomalyEvents(settings.lookback());
    this.issuer = issuer;
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
  Optional<ConfigEntry> suspect(PoolState st, WindowVerdict v, Incident inc) {
    return latestChange(v, inc).filter(c -> healthyWindows(st, c) < settings.freshWindows());
  }

  static long healthyWindows(PoolState st, ConfigEntry c) {
    return st.versions.get(c.getVersion()).map(VersionHealth::getHealthyWindows).orElse(0);
  }

  RemediationOutput decide(PoolState st, WindowVerdict v, long now) {
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
              .orElse("no change on " + st.pool + " in the " + issuer.lookback() + " before onset");
      String reason =
          String.join(" + ", inc.getKinds().stream().map(Enum::name).toList())
              + " not explained by a config change: "
              + why
              + "; no rollback";
      Incidents.append(inc, now, TimelineEventType.ALERT_ONLY, reason);
      Incidents.transition(inc, IncidentState.ALERT_ONLY, now);
      inc.setSummary(issuer.summary(st, "alert only, no rollback"));
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
      return issuer.suppress(
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
      return issuer.suppress(
          st,
          now,
          Suppression.NO_KNOWN_GOOD,
          IncidentState.ESCALATED,
          st.versions.whyNoKnownGood(settings.minHealthyWindows(), Set.of(active)));
    }
    return issuer.rollback(st, now, active, target.get());
  }
}
