package io.fulcrum.ingest;

/**
 * Allocation-free scanning helpers shared by the text parsers. Failures return -1 so callers word
 * the error.
 */
final class Ascii {

  /** Longest excerpt of a bad value quoted in an error message. */
  private static final int MAX_SNIPPET = 40;

  /** Largest whole-seconds value that still fits in long milliseconds. */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1000 - 1;

  private Ascii() {}

  /** End of {@code s} with trailing whitespace/control characters (e.g. CR, LF) dropped. */
  static int trimmedEnd(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) <= ' ') {
      end--;
    }
    return end;
  }

  /** Index of {@code c} in {@code [from, to)}, or -1. */
  static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Unsigned decimal of 1 to 18 digits in {@code [from, to)}; -1 if empty, too long or not all
   * digits.
   */
  static long digits(String s, int from, int to) {
    int n = to - from;
    if (n <= 0 || n > 18) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * {@link #digits} but capped to int range; -1 if malformed or above {@link Integer#MAX_VALUE}.
   */
  static int intDigits(String s, int from, int to) {
    long v = digits(s, from, to);
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }

  /**
   * Seconds with an optional fraction ({@code "12"}, {@code "0.153"}, {@code "1718031600.123"}) to
   * whole milliseconds using integer arithmetic only; decimals beyond the third are truncated.
   * Returns -1 if malformed or out of range.
   */
  static long decimalMillis(String s, int from, int to) {
    int dot = indexOf(s, '.', from, to);
    long whole = digits(s, from, dot < 0 ? to : dot);
    if (whole < 0 || whole > MAX_SECONDS) {
      return -1;
    }
    long frac = 0;
    if (dot >= 0) {
      if (dot + 1 == to) {
        return -1;
      }
      long scale = 100;
      for (int i = dot + 1; i < to; i++) {
        int d = s.charAt(i) - '0';
        if (d < 0 || d > 9) {
          return -1;
        }
        frac += d * scale;
        scale /= 10;
      }
    }
    return whole * 1000 + frac;
  }

  /** {@code [from, to)} in single quotes, shortened for error messages. */
  static String snippet(String s, int from, int to) {
    int end = Math.min(to, s.length());
    if (end - from > MAX_SNIPPET) {
      return "'" + s.substring(from, from + MAX_SNIPPET) + "...'";
    }
    return "'" + s.substring(from, end) + "'";
  }
}
