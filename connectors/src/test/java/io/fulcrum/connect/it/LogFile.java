package io.fulcrum.connect.it;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A log being written, rotated and truncated the way a load balancer and logrotate do, remembering
 * every line.
 */
public final class LogFile {
  private final Path path;
  private final List<String> written = new ArrayList<>();
  private int counter;
  private String partial = "";

  public LogFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /**
   * Appends {@code n} numbered lines to the file at {@code target} (the log, or a rotated name
   * still written).
   */
  public void append(Path target, String phase, int n) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String line = String.format("%s line %05d of the access log", phase, ++counter);
      written.add(line);
      b.append(line).append('\n');
    }
    write(target, b.toString());
  }

  public void append(String phase, int n) throws IOException {
    append(path, phase, n);
  }

  /** Writes the first part of a line, with no newline yet; {@link #finishPartial} completes it. */
  public void startPartial(String head) throws IOException {
    partial = head;
    write(path, head);
  }

  public void finishPartial(String tail) throws IOException {
    written.add(partial + tail);
    write(path, tail + "\n");
  }

  /**
   * Rename rotation: the log moves to {@code rotatedName}; the caller creates the new file by
   * appending.
   */
  public Path rename(String rotatedName) throws IOException {
    Path to = path.resolveSibling(rotatedName);
    Files.move(path, to, StandardCopyOption.ATOMIC_MOVE);
    return to;
  }

  /** logrotate's copytruncate: copy the log to {@code copyName}, then truncate it in place. */
  public void copyTruncate(String copyName) throws IOException {
    Files.copy(path, path.resolveSibling(copyName), StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
  }

  /** Every complete line written, in order. */
  public List<String> lines() {
    return List.copyOf(written);
  }

  private static void write(Path target, String text) throws IOException {
    Files.writeString(
        target, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
