package io.fulcrum.ingest;

/**
 * A line that cannot be parsed. {@link #getMessage()} is a short human reason prefixed by the
 * format name, e.g. {@code "haproxy: no backend/server field"}; it becomes a dead-letter header.
 *
 * <p>No stack trace is captured: this signals bad data, not a code fault, and a flood of garbage
 * lines must stay cheap.
 */
public final class LineParseException extends Exception {
  private static final long serialVersionUID = 1L;

  public LineParseException(String reason) {
    super(reason, null, false, false);
  }
}
