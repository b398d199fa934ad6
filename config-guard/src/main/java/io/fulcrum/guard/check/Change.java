package io.fulcrum.guard.check;

/**
 * One difference between the running config and the candidate in a pool, said as in a postmortem.
 */
public record Change(Kind kind, String server, String detail) {
  public enum Kind {
    POOL_ADDED,
    POOL_REMOVED,
    POOL_DISABLED,
    POOL_ENABLED,
    BALANCE,
    ADDED,
    REMOVED,
    RENAMED,
    ADDRESS,
    WEIGHT,
    DISABLED,
    ENABLED,
    BACKUP,
    NOT_BACKUP,
    TEMPLATE_COUNT,
    DUPLICATE_ADDRESS
  }

  /** The words after the server name (or alone, for pool-wide changes). */
  public String text() {
    return server == null ? detail : server + " " + detail;
  }
}
