package io.fulcrum.connect.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Complete lines of one open file from a byte position on. A partial last line stays buffered until
 * its newline arrives, so a position handed out always sits just after a newline. A line longer
 * than the limit is dropped whole (counted in {@link TailStats}), rather than split into pieces.
 */
final class LineReader implements Closeable {
  /** One complete line (without its newline or a trailing CR) and the position right after it. */
  record Line(String text, TailPosition next) {}

  private static final int MIN_BUFFER = 8192;

  private final FileChannel channel;
  private final String fileKey;
  private final int maxLineBytes;
  private final TailStats stats;
  private byte[] buf;
  private int start;
  private int end;
  private int scanned;

  /** File position of buf[start]: right after the last line consumed. */
  private long position;

  private Fingerprint lastFingerprint;

  /** Inside a line longer than the limit: bytes are dropped up to the next newline. */
  private boolean oversized;

  LineReader(
      FileChannel channel, String fileKey, TailPosition from, int maxLineBytes, TailStats stats) {
    this.channel = channel;
    this.fileKey = fileKey;
    this.maxLineBytes = maxLineBytes;
    this.stats = stats;
    this.buf = new byte[Math.min(MIN_BUFFER, maxLineBytes + 1)];
    this.position = from.position();
    this.lastFingerprint = from.fingerprint();
  }

  String fileKey() {
    return fileKey;
  }

  long size() throws IOException {
    return channel.size();
  }

  /** Position after the last line returned. */
  TailPosition position() {
    return new TailPosition(fileKey, position, lastFingerprint);
  }

  /** Position up to which the file has been read, buffered partial line included. */
  long readPosition() {
    return position + (end - start);
  }

  /** Whether the bytes before {@link #position()} are still those of the last line read. */
  boolean intact() throws IOException {
    return lastFingerprint.matches(channel, position);
  }

  /** Forgets everything buffered and reads again from the start (the file was truncated). */
  void restartFromZero() {
    start = end = scanned = 0;
    position = 0;
    lastFingerprint = Fingerprint.EMPTY;
    oversized = false;
  }

  /** Up to {@code max} complete lines; empty when no complete line is available yet. */
  List<Line> read(int max) throws IOException {
    List<Line> out = new ArrayList<>();
    while (out.size() < max) {
      int nl = indexOfNewline();
      if (nl < 0) {
        if (!fill()) {
          break;
        }
        continue;
      }
      int lineStart = start;
      start = nl + 1;
      scanned = start;
      position += start - lineStart;
      if (oversized) {
        oversized = false;
        continue;
      }
      lastFingerprint = Fingerprint.of(buf, lineStart, start);
      out.add(new Line(decode(lineStart, nl), position()));
    }
    return out;
  }

  /**
   * The buffered partial last line of a file nobody writes to any more, as a final line; null if
   * none.
   */
  Line remainder() throws IOException {
    while (fill()) {
      // read to the end
    }
    if (start == end || oversized) {
      return null;
    }
    int lineStart = start;
    position += end - start;
    start = end;
    lastFingerprint = Fingerprint.of(buf, lineStart, end);
    return new Line(decode(lineStart, end), position());
  }

  private int indexOfNewline() {
    for (int i = scanned; i < end; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    scanned = end;
    return -1;
  }

  /** Reads more bytes; false at the end of the file. */
  private boolean fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      scanned -= start;
      start = 0;
    }
    if (end == buf.length) {
      if (buf.length > maxLineBytes) {
        // No newline within the limit: drop what we have and skip to the next newline.
        if (!oversized) {
          stats.oversizedLines.incrementAndGet();
        }
        position += end;
        end = scanned = 0;
        oversized = true;
      } else {
        buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLineBytes + 1));
      }
    }
    int n = channel.read(ByteBuffer.wrap(buf, end, buf.length - end), position + end);
    if (n <= 0) {
      return false;
    }
    end += n;
    return true;
  }

  private String decode(int from, int to) {
    int len = to - from;
    if (len > 0 && buf[to - 1] == '\r') {
      len--;
    }
    return new String(buf, from, len, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
