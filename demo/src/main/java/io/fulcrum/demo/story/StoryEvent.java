package io.fulcrum.demo.story;

/**
 * One line of the story as a downstream consumer sees it on the topics.
 *
 * @param atMs event time of the record (deploy time, detection time, issue time...)
 * @param kind what it is
 * @param text one line, without the time
 */
public record StoryEvent(long atMs, Kind kind, String text) {
  public enum Kind {
    /** A config version went live (the deploy tool, or the actuator restoring one). */
    DEPLOY,
    /** An anomaly started, was updated or cleared. */
    ANOMALY,
    /** A signed rollback command. */
    COMMAND,
    /** The actuator's result. */
    RESULT,
    /** The incident changed state. */
    INCIDENT
  }
}
