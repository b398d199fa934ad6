package io.fulcrum.distribution;

/**
 * Keys of the {@code open-windows} store: {@code pool NUL windowStart NUL server}, with the window
 * start zero-padded so that one pool's windows sort by time and one window is a key range.
 */
final class OpenWindowKeys {
  static final char SEP = '\u0000';
  /** Sorts after every server name: the exclusive end of a window's range. */
  static final String END = "\uffff";

  private OpenWindowKeys() {}

  static String key(String pool, long windowStart, String server) {
    return windowPrefix(pool, windowStart) + (server == null ? "" : server);
  }

  static String windowPrefix(String pool, long windowStart) {
    return pool + SEP + String.format("%019d", windowStart) + SEP;
  }

  /** The server part of a key; null for requests with no server. */
  static String server(String key) {
    String s = key.substring(key.lastIndexOf(SEP) + 1);
    return s.isEmpty() ? null : s;
  }
}
