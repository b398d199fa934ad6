package io.fulcrum.window;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints (7 bits per byte, high bit = "more"), used by the compact byte encodings
 * of {@link LatencySketch} and the detection baseline. Small numbers, which dominate sparse
 * histograms, take one byte.
 */
public final class Varint {
  private Varint() {}

  /** Writes {@code value} (treated as unsigned) to {@code out}. */
  public static void write(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /**
   * Writes {@code value} (treated as unsigned) into {@code buf} at {@code pos}; returns the
   * position after it.
   */
  public static int write(byte[] buf, int pos, long value) {
    while ((value & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[pos++] = (byte) value;
    return pos;
  }

  /** Reads one varint; throws {@link IllegalArgumentException} on truncated or over-long input. */
  public static long read(ByteBuffer in) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!in.hasRemaining()) {
        throw new IllegalArgumentException("truncated varint");
      }
      int b = in.get() & 0xFF;
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }

  /** Reads a varint that must lie in [0, max]. */
  public static long readBounded(ByteBuffer in, long max, String what) {
    long v = read(in);
    if (v < 0 || v > max) {
      throw new IllegalArgumentException(what + " out of range: " + v);
    }
    return v;
  }
}
