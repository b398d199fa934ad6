package io.fulcrum.connect.alert;

/** Exponential backoff between redeliveries: initial, doubling, capped; reset after a success. */
final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private int failures;

  Backoff(long initialMs, long maxMs) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
  }

  /** The wait after one more failure. */
  long nextMs() {
    long wait = initialMs << Math.min(failures, 30);
    failures++;
    return Math.min(maxMs, wait < 0 ? maxMs : wait);
  }

  void reset() {
    failures = 0;
  }

  int failures() {
    return failures;
  }
}
