package io.fulcrum.window;

import java.util.Arrays;

/**
 * One window's accumulators keyed by (pool, server): a flat open-addressing table, so the
 * per-request lookup hashes two Strings (whose hash codes are cached) and allocates nothing.
 * Entries keep their insertion order, which makes flushes deterministic. Not thread-safe.
 */
final class ServerSums {
  private static final int MIN_CAPACITY = 16;

  private String[] pools = new String[MIN_CAPACITY / 2];
  private String[] servers = new String[MIN_CAPACITY / 2];
  private int[] hashes = new int[MIN_CAPACITY / 2];
  private ServerWindowAccumulator[] sums = new ServerWindowAccumulator[MIN_CAPACITY / 2];

  /**
   * Per entry, requests and 5xx per slice of the window (count at 2i, 5xx at 2i+1); null until
   * sliced.
   */
  private int[][] slices = new int[MIN_CAPACITY / 2][];

  /** Entry index + 1 per slot; 0 is an empty slot. Kept at most half full. */
  private int[] table = new int[MIN_CAPACITY];

  private int size;

  /** The accumulator of (pool, server), created empty on first use; both names non-null. */
  ServerWindowAccumulator get(String pool, String server) {
    int e = entry(pool, server); // may grow the arrays
    return sums[e];
  }

  /** The entry of (pool, server), created empty on first use; both names non-null. */
  int entry(String pool, String server) {
    int h = hash(pool, server);
    int mask = table.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int e = table[i] - 1;
      if (e < 0) {
        return insert(i, h, pool, server);
      }
      if (hashes[e] == h && same(pools[e], pool) && same(servers[e], server)) {
        return e;
      }
    }
  }

  int size() {
    return size;
  }

  String pool(int entry) {
    return pools[entry];
  }

  String server(int entry) {
    return servers[entry];
  }

  ServerWindowAccumulator sum(int entry) {
    return sums[entry];
  }

  /** Counts one request of {@code entry} in slice {@code slice} of {@code sliceCount}. */
  void countSlice(int entry, int slice, int sliceCount, boolean error) {
    int[] s = slices[entry];
    if (s == null) {
      s = new int[2 * sliceCount];
      slices[entry] = s;
    }
    s[2 * slice]++;
    if (error) {
      s[2 * slice + 1]++;
    }
  }

  /** Requests of {@code entry} in {@code slice}. */
  int sliceCount(int entry, int slice) {
    int[] s = slices[entry];
    return s == null ? 0 : s[2 * slice];
  }

  /** 5xx responses of {@code entry} in {@code slice}. */
  int sliceErrors(int entry, int slice) {
    int[] s = slices[entry];
    return s == null ? 0 : s[2 * slice + 1];
  }

  private int insert(int slot, int h, String pool, String server) {
    if (size == pools.length) {
      grow();
      return entry(pool, server);
    }
    pools[size] = pool;
    servers[size] = server;
    hashes[size] = h;
    ServerWindowAccumulator acc = new ServerWindowAccumulator();
    sums[size] = acc;
    table[slot] = ++size;
    return size - 1;
  }

  private void grow() {
    int capacity = pools.length * 2;
    pools = Arrays.copyOf(pools, capacity);
    servers = Arrays.copyOf(servers, capacity);
    hashes = Arrays.copyOf(hashes, capacity);
    sums = Arrays.copyOf(sums, capacity);
    slices = Arrays.copyOf(slices, capacity);
    table = new int[capacity * 2];
    int mask = table.length - 1;
    for (int e = 0; e < size; e++) {
      int i = hashes[e] & mask;
      while (table[i] != 0) {
        i = (i + 1) & mask;
      }
      table[i] = e + 1;
    }
  }

  private static int hash(String pool, String server) {
    int h = pool.hashCode() * 31 + server.hashCode();
    return h ^ (h >>> 16);
  }

  private static boolean same(String a, String b) {
    return a == b || a.equals(b);
  }
}
