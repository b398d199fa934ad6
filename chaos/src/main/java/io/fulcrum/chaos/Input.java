package io.fulcrum.chaos;

import java.time.Duration;

/** What a run feeds the pipeline, and the ground truth it keeps of it. */
interface Input extends AutoCloseable {
  /** Requests acknowledged by the broker, per (pool, server, window). */
  WindowCounts truth();

  /** Valid requests handed to the producer. */
  long sent();

  /** Records the producer could not deliver (the shipper's loss, not the pipeline's). */
  long failed();

  /** Malformed records sent: each must reach the dead-letter topic, with its reason. */
  long malformed();

  /** Whether the first pool gets the bad deploy, so exactly one rollback command is due. */
  boolean injectsIncident();

  /** Waits until everything has been sent; false on timeout. */
  boolean awaitSent(Duration timeout) throws InterruptedException;

  /** Waits until every record is acknowledged or failed, and stops. */
  @Override
  void close() throws InterruptedException;
}
