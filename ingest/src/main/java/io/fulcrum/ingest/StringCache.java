package io.fulcrum.ingest;

/**
 * Tiny direct-mapped cache that turns a region of a line into a String without allocating when the
 * same name was seen recently. Pool, server and frontend names have low cardinality, so at millions
 * of lines per second this removes most per-line garbage and hands downstream identical String
 * instances. Memory is bounded (fixed slot count, long values are not cached); a collision just
 * costs one substring. Not thread-safe.
 */
final class StringCache {

  private static final int MAX_CACHED_LENGTH = 128;

  private final String[] slots;
  private final int mask;

  /**
   * @param slots number of slots, rounded up to a power of two
   */
  StringCache(int slots) {
    int size = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
    this.slots = new String[size];
    this.mask = size - 1;
  }

  String get(String s, int from, int to) {
    int len = to - from;
    if (len > MAX_CACHED_LENGTH) {
      return s.substring(from, to);
    }
    int h = len;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    int slot = (h ^ (h >>> 16)) & mask;
    String cached = slots[slot];
    if (cached != null && cached.length() == len && s.regionMatches(from, cached, 0, len)) {
      return cached;
    }
    String fresh = s.substring(from, to);
    slots[slot] = fresh;
    return fresh;
  }
}
