package io.fulcrum.connect.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * A checksum of the bytes just before a position: the end of the last line read. Resuming at a
 * stored position is only safe when those bytes are still there, which tells a file that was
 * truncated and written again (copytruncate) from one that merely grew, and finds the copy
 * logrotate made of it.
 *
 * @param length how many bytes (at most {@link #MAX_BYTES}) end at the position
 * @param crc their CRC-32
 */
public record Fingerprint(int length, long crc) {
  public static final int MAX_BYTES = 64;
  public static final Fingerprint EMPTY = new Fingerprint(0, 0);

  /** The fingerprint of the last {@link #MAX_BYTES} of {@code bytes[from, to)}. */
  public static Fingerprint of(byte[] bytes, int from, int to) {
    int start = Math.max(from, to - MAX_BYTES);
    CRC32 crc = new CRC32();
    crc.update(bytes, start, to - start);
    return new Fingerprint(to - start, crc.getValue());
  }

  /** Whether the file has these bytes right before {@code position}. */
  public boolean matches(FileChannel channel, long position) throws IOException {
    if (position < length || channel.size() < position) {
      return false;
    }
    if (length == 0) {
      return true;
    }
    ByteBuffer buf = ByteBuffer.allocate(length);
    long at = position - length;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, at + buf.position());
      if (n < 0) {
        return false;
      }
    }
    return of(buf.array(), 0, length).equals(this);
  }
}
