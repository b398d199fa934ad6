package io.fulcrum.actuator.backend;

import java.util.regex.Pattern;

/**
 * The only pool and version names the actuator acts on. They become file names and LB object names,
 * so they must not be able to leave the config store: letters, digits, '.', '_' and '-', at most
 * 128, no "..", and no leading '.' (no hidden files, no "." or "..").
 */
public final class Names {
  public static final int MAX_LENGTH = 128;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

  private Names() {}

  /**
   * Null when {@code value} is a valid name, else the problem (naming {@code what}, e.g. "pool").
   */
  public static String problem(String what, String value) {
    if (value == null || value.isEmpty()) {
      return what + " is empty";
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    if (!ALLOWED.matcher(value).matches()) {
      return what
          + " '"
          + printable(shown)
          + "' is not a valid name (allowed: 1-"
          + MAX_LENGTH
          + " of A-Z a-z 0-9 . _ -)";
    }
    if (value.startsWith(".") || value.contains("..")) {
      return what + " '" + shown + "' must not start with '.' or contain '..'";
    }
    return null;
  }

  public static boolean valid(String value) {
    return problem("name", value) == null;
  }

  /** Control characters replaced, so hostile message content cannot forge log lines or results. */
  public static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
    return b.toString();
  }
}
