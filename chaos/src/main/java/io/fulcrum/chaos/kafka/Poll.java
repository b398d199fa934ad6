package io.fulcrum.chaos.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Polls a condition until a deadline. Exceptions count as "not yet" (a broker that is still
 * electing answers with retriable errors), except {@link GiveUp}; the last one becomes the
 * timeout's cause.
 */
final class Poll {
  private Poll() {}

  interface Check {
    boolean ok() throws Exception;
  }

  /** Thrown from a check when waiting longer cannot help, e.g. the broker process has exited. */
  static final class GiveUp extends IllegalStateException {
    GiveUp(String message) {
      super(message);
    }
  }

  static void until(Duration timeout, Supplier<String> what, Check check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        if (check.ok()) {
          return;
        }
      } catch (GiveUp e) {
        throw e;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "gave up after " + timeout.toSeconds() + " s waiting for " + what.get(), last);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }
}
