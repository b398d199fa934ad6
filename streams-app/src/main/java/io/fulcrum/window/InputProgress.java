package io.fulcrum.window;

/**
 * How far the app has read its input partitions, as the broker sees it. An input task whose records
 * stopped coming may let its event time follow the wall clock only if it has really read
 * everything: "no new records" must not be confused with "cannot fetch" (a broker outage) or "busy
 * elsewhere" (a backlog of garbage, a slow thread), for then the records still to come would all be
 * late.
 */
public interface InputProgress {
  /** Returned when no measurement has found the partition fully read. */
  long NEVER = Long.MIN_VALUE;

  /**
   * The wall-clock time at which the newest measurement that found {@code topic}-{@code partition}
   * fully read started: every record the broker held then had been consumed and committed. {@link
   * #NEVER} when there is no such measurement (no broker reachable, a backlog, no commit yet).
   *
   * @param wallNow the caller's clock, for implementations that are always caught up
   */
  long caughtUpAt(String topic, int partition, long wallNow);

  /** The number of partitions of {@code topic}, so of input tasks reading it; 0 if not known. */
  default int partitions(String topic) {
    return 0;
  }

  /** For an input that is read in full before the clock moves (the replay and the test driver). */
  InputProgress ALWAYS_CAUGHT_UP = (topic, partition, wallNow) -> wallNow;
}
