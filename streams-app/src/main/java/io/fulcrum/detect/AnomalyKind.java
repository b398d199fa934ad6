package io.fulcrum.detect;

/** What a {@link Finding} is about. */
public enum AnomalyKind {
  /**
   * Traffic is not distributed over the pool's servers as expected (dominant, starved or drained
   * servers).
   */
  IMBALANCE,
  /** The pool's (or one server's) 5xx rate jumped above its baseline. */
  ERROR_SPIKE,
  /** A server's latency tail moved well above its own baseline. */
  LATENCY,
  /** The pool suddenly receives (almost) no requests. */
  POOL_SILENT
}
