package io.fulcrum.ingest.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Direct-mapped cache from UTF-8 bytes to Strings: pool, server and frontend names repeat on every
 * record, so decoding them once and handing out the same String saves the decode, the garbage and
 * the hashing downstream (String caches its hash). Bounded (fixed slots, long names not cached); a
 * collision costs one decode. Safe to share between threads without locks: entries are immutable,
 * so a racing reader sees either a complete old entry or a complete new one.
 */
final class Utf8Names {
  private static final int MAX_CACHED_LENGTH = 128;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private record Entry(byte[] utf8, String value) {}

  private final Entry[] slots;
  private final int mask;

  /**
   * @param slots number of slots, rounded up to a power of two
   */
  Utf8Names(int slots) {
    int size = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
    this.slots = new Entry[size];
    this.mask = size - 1;
  }

  /** Eight bytes at a time: names are short, so this is one to three multiplications. */
  private static int hash(byte[] buf, int from, int length) {
    long h = length;
    int i = from;
    int end = from + length;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      h = (h + (long) LONGS.get(buf, i)) * 0x9E3779B97F4A7C15L;
    }
    for (; i < end; i++) {
      h = (h + buf[i]) * 0x9E3779B97F4A7C15L;
    }
    return (int) (h ^ (h >>> 32));
  }

  String get(byte[] buf, int from, int length) {
    if (length > MAX_CACHED_LENGTH) {
      return new String(buf, from, length, StandardCharsets.UTF_8);
    }
    int slot = hash(buf, from, length) & mask;
    Entry e = slots[slot];
    if (e != null && Arrays.equals(e.utf8(), 0, e.utf8().length, buf, from, from + length)) {
      return e.value();
    }
    String fresh = new String(buf, from, length, StandardCharsets.UTF_8);
    slots[slot] = new Entry(Arrays.copyOfRange(buf, from, from + length), fresh);
    return fresh;
  }
}
