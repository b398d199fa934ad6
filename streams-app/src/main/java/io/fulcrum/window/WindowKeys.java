package io.fulcrum.window;

/**
 * Keys of the open-sums stores (the pool task's {@code open-windows}, the input tasks' unforwarded
 * sums): {@code pool NUL windowStart NUL server}, with the window start zero-padded so that one
 * pool's windows sort by time and one window is a key range.
 */
public final class WindowKeys {
  public static final char SEP = '\u0000';

  /** Sorts after every server name: the exclusive end of a window's range. */
  public static final String END = "\uffff";

  private WindowKeys() {}

  public static String key(String pool, long windowStart, String server) {
    StringBuilder b =
        new StringBuilder(pool.length() + 21 + (server == null ? 0 : server.length()));
    return append(b, pool, windowStart).append(server == null ? "" : server).toString();
  }

  public static String windowPrefix(String pool, long windowStart) {
    return append(new StringBuilder(pool.length() + 21), pool, windowStart).toString();
  }

  private static StringBuilder append(StringBuilder b, String pool, long windowStart) {
    b.append(pool).append(SEP);
    if (windowStart < 0) {
      return b.append(String.format("%019d", windowStart))
          .append(SEP); // before 1970: never on the hot path
    }
    String digits = Long.toString(windowStart);
    for (int i = digits.length(); i < 19; i++) {
      b.append('0');
    }
    return b.append(digits).append(SEP);
  }

  /** The server part of a key; null for requests with no server. */
  public static String server(String key) {
    String s = key.substring(key.lastIndexOf(SEP) + 1);
    return s.isEmpty() ? null : s;
  }
}
