package io.fulcrum.detect;

/** Finding severity; the detectors document when they use {@link #CRITICAL}. */
public enum Severity {
  WARNING,
  CRITICAL
}
