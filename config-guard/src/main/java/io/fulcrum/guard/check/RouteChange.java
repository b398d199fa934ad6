package io.fulcrum.guard.check;

/**
 * A route whose target pool changed, appeared ({@code before} null) or went away ({@code after}
 * null).
 */
public record RouteChange(String from, String condition, String before, String after) {
  public String text() {
    String where = from + (condition.equals(io.fulcrum.guard.Route.DEFAULT) ? "" : " " + condition);
    if (before == null) {
      return where + ": new route to " + after;
    }
    if (after == null) {
      return where + ": route to " + before + " removed";
    }
    return where + ": " + before + " -> " + after;
  }
}
