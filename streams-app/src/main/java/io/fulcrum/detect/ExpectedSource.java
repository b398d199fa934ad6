package io.fulcrum.detect;

/** Where a window's expected traffic shares came from. */
public enum ExpectedSource {
  /** Relative weights declared by the latest config change. */
  DECLARED,
  /** The learned, warm {@link PoolBaseline}. */
  BASELINE,
  /** Neither: no IMBALANCE verdict is possible for this window. */
  NONE
}
