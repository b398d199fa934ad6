package io.fulcrum.connect.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Where a tail starting at the end of a file begins: after its last complete line. */
final class EndOfFile {
  private static final int CHUNK = 8192;

  private EndOfFile() {}

  static TailPosition lineBoundary(OpenFile f) throws IOException {
    FileChannel ch = f.channel();
    long end = ch.size();
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    while (end > 0) {
      long from = Math.max(0, end - CHUNK);
      buf.clear().limit((int) (end - from));
      while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
        // fill
      }
      for (int i = buf.position() - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          return at(f, from + i + 1);
        }
      }
      end = from;
    }
    return new TailPosition(f.key(), 0, Fingerprint.EMPTY);
  }

  private static TailPosition at(OpenFile f, long position) throws IOException {
    int len = (int) Math.min(Fingerprint.MAX_BYTES, position);
    ByteBuffer buf = ByteBuffer.allocate(len);
    while (buf.hasRemaining() && f.channel().read(buf, position - len + buf.position()) > 0) {
      // fill
    }
    return new TailPosition(f.key(), position, Fingerprint.of(buf.array(), 0, len));
  }
}
