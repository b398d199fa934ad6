package io.fulcrum.demo.view;

import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether stdout is an interactive terminal that takes ANSI cursor movement, and how wide it is.
 */
public final class Terminal {
  public static final int DEFAULT_COLUMNS = 100;

  private Terminal() {}

  /**
   * A console on both ends (Java 17's {@link System#console()} contract) and a TERM that is not
   * "dumb".
   */
  public static boolean interactive(Map<String, String> env) {
    Console console = System.console();
    if (console == null || "dumb".equals(env.get("TERM"))) {
      return false;
    }
    try { // Java 22+ returns a console even when redirected; it then says whether it is a terminal.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * Columns from {@code stty size} on the controlling terminal, else {@code COLUMNS}, else {@value
   * #DEFAULT_COLUMNS}.
   */
  public static int columns(Map<String, String> env) {
    try {
      Process p =
          new ProcessBuilder("stty", "size")
              .redirectInput(new File("/dev/tty"))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String size = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return parseColumns(size.substring(size.indexOf(' ') + 1), DEFAULT_COLUMNS);
      }
    } catch (IOException | RuntimeException e) {
      // no terminal: fall through
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return parseColumns(env.get("COLUMNS"), DEFAULT_COLUMNS);
  }

  static int parseColumns(String s, int fallback) {
    try {
      int n = Integer.parseInt(s == null ? "" : s.trim());
      return n >= 20 ? n : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
