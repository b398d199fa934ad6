package io.fulcrum.demo.story;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.demo.story.StoryEvent.Kind;
import io.fulcrum.remediate.TimelineText;
import io.fulcrum.serde.DiagnosisText;

/** The one-line text of each record the demo shows. */
public final class StoryLines {
  public static final String ACTUATOR_AUTHOR = "fulcrum-actuator";

  private StoryLines() {}

  static StoryEvent deploy(LbConfigChange c, long demoStartMs) {
    long at = c.getTimestamp().toEpochMilli();
    String what =
        c.getDescription() == null || c.getDescription().isBlank() ? "" : ": " + c.getDescription();
    String text;
    if (ACTUATOR_AUTHOR.equals(c.getAuthor())) {
      text = "config " + c.getVersion() + " restored on " + c.getPool() + " by the actuator" + what;
    } else if (at < demoStartMs) {
      text =
          "config "
              + c.getVersion()
              + " live on "
              + c.getPool()
              + " since "
              + TimelineText.hms(at)
              + " UTC"
              + what;
    } else {
      text =
          "config "
              + c.getVersion()
              + " deployed on "
              + c.getPool()
              + (c.getAuthor() == null ? "" : " by " + c.getAuthor())
              + what;
    }
    return new StoryEvent(at, Kind.DEPLOY, text);
  }

  static StoryEvent anomaly(AnomalyEvent a) {
    String head = a.getStatus() == AnomalyStatus.CLEARED ? "cleared" : a.getSeverity().toString();
    return new StoryEvent(
        a.getDetectedAt().toEpochMilli(),
        Kind.ANOMALY,
        a.getKind() + " " + a.getStatus() + " (" + head + "): " + a.getSummary());
  }

  static StoryEvent command(RollbackCommand c) {
    return new StoryEvent(
        c.getIssuedAt().toEpochMilli(),
        Kind.COMMAND,
        "rollback "
            + c.getPool()
            + " "
            + c.getFromVersion()
            + " -> "
            + c.getToVersion()
            + (c.getDryRun() ? " [dry run]" : "")
            + ", command "
            + shortId(c.getCommandId())
            + " signed with key '"
            + c.getKeyId()
            + "'");
  }

  static StoryEvent result(RemediationResult r) {
    String reason = r.getReason() == null || r.getReason().isBlank() ? "" : ": " + r.getReason();
    return new StoryEvent(
        r.getFinishedAt().toEpochMilli(),
        Kind.RESULT,
        r.getOutcome()
            + " "
            + r.getPool()
            + " "
            + r.getVersionBefore()
            + " -> "
            + r.getVersionAfter()
            + " by "
            + r.getBackend()
            + " in "
            + TimelineText.duration(r.getDurationMs())
            + reason);
  }

  static StoryEvent incident(Incident i) {
    return new StoryEvent(
        i.getUpdatedAt().toEpochMilli(), Kind.INCIDENT, i.getState() + ": " + i.getSummary());
  }

  /**
   * The theories the opening window rules out: what the postmortems' teams spent their first hour
   * on.
   */
  static StoryEvent diagnosis(Incident i) {
    return new StoryEvent(
        i.getUpdatedAt().toEpochMilli(),
        Kind.INCIDENT,
        "diagnosis of " + i.getPool() + ": " + DiagnosisText.summary(i.getDiagnosis()));
  }

  private static String shortId(String id) {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }
}
