package io.fulcrum.ingest;

/**
 * An input record that cannot be used. Thrown inside the topology and routed to the dead-letter
 * topic.
 */
public final class MalformedInputException extends RuntimeException {
  public MalformedInputException(String reason) {
    super(reason, null, false, false);
  }
}
