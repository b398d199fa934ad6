package io.fulcrum.guard.check;

/**
 * Something about a change that matters: {@code BLOCK} findings fail the check, {@code WARN} ones
 * are said.
 *
 * @param pool the pool, or the frontend for routing findings
 * @param measured found in the rehearsal's measured traffic rather than in the prediction
 */
public record Finding(String pool, Rule rule, Severity severity, String message, boolean measured) {
  public enum Severity {
    WARN,
    BLOCK
  }

  /** Which rule found it; the blocking ones have a setting in {@link GuardSettings}. */
  public enum Rule {
    SHARE_GROWTH,
    CAPACITY_LOSS,
    BACKUP_ONLY,
    SINGLE_SERVER,
    NO_SERVER,
    UNKNOWN_POOL,
    ROUTING
  }

  public boolean blocks() {
    return severity == Severity.BLOCK;
  }
}
