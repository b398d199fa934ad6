package io.fulcrum.guard;

/**
 * Something in a config the guard did not understand and so did not predict: line number and what
 * it was.
 */
public record Note(int line, String text) {
  @Override
  public String toString() {
    return "line " + line + ": " + text;
  }
}
