package io.fulcrum.connect.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one log path across rotations. Lines come out in file order; each carries the {@link
 * TailPosition} to resume after it.
 *
 * <ul>
 *   <li>Rename rotation: when another file appears at the path, the old one (still open) is read to
 *       its end first, then the new one from the start.
 *   <li>copytruncate: when the file shrinks or the bytes before our position change, the copy
 *       logrotate made (a sibling with those bytes) is read from our position to its end, then the
 *       file from the start.
 *   <li>Resume: the stored position names the file by identity, so lines written before a rotation
 *       that happened while the worker was down are read from the rotated sibling.
 * </ul>
 */
final class FileTail implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(FileTail.class);

  private final Path path;
  private final int maxLineBytes;
  private final TailStats stats;

  /** The file at {@link #path}; null until it exists. */
  private LineReader current;

  /** A rotated-away file or a copytruncate copy, read to its end before {@link #current}. */
  private LineReader draining;

  private long lastSize = -1;

  FileTail(Path path, int maxLineBytes, TailStats stats) {
    this.path = path;
    this.maxLineBytes = maxLineBytes;
    this.stats = stats;
  }

  Path path() {
    return path;
  }

  /**
   * Positions the tail at a stored position, or at the start or end of the file when there is none.
   */
  void resume(TailPosition stored, boolean fromEnd) throws IOException {
    Optional<OpenFile> file = OpenFile.open(path);
    if (stored == null) {
      if (file.isPresent()) {
        current =
            reader(file.get(), fromEnd ? EndOfFile.lineBoundary(file.get()) : start(file.get()));
      }
      return;
    }
    if (file.isPresent() && file.get().key().equals(stored.fileKey())) {
      if (stored.fingerprint().matches(file.get().channel(), stored.position())) {
        current = reader(file.get(), stored);
      } else {
        log.info("{} was truncated while stopped; looking for its copy", path);
        stats.truncations.incrementAndGet();
        drainCopy(stored);
        current = reader(file.get(), start(file.get()));
      }
      return;
    }
    Optional<OpenFile> rotated = RotatedFiles.byKey(path, stored.fileKey());
    if (rotated.isPresent()
        && stored.fingerprint().matches(rotated.get().channel(), stored.position())) {
      log.info(
          "{} was rotated while stopped; reading the rest of {} first", path, rotated.get().path());
      draining = reader(rotated.get(), stored);
    } else {
      rotated.ifPresent(f -> closeQuietly(f));
      stats.lostRotatedFiles.incrementAndGet();
      log.warn(
          "{} was rotated while stopped and its old file {} is gone (or changed) from {}: lines after byte {} of it "
              + "are lost",
          path,
          stored.fileKey(),
          path.getParent(),
          stored.position());
    }
    current = file.map(f -> reader(f, start(f))).orElse(null);
  }

  /** Up to {@code max} complete lines, possibly none. */
  List<LineReader.Line> poll(int max) throws IOException {
    if (draining != null) {
      List<LineReader.Line> lines = draining.read(max);
      if (!lines.isEmpty()) {
        return lines;
      }
      LineReader.Line last = draining.remainder();
      draining.close();
      draining = null;
      if (last != null) {
        return List.of(last);
      }
    }
    if (current == null) {
      Optional<OpenFile> file = OpenFile.open(path);
      if (file.isEmpty()) {
        return List.of();
      }
      current = reader(file.get(), start(file.get()));
    }
    if (detectTruncation()) {
      return poll(max); // the copy's rest comes before the truncated file's new lines
    }
    List<LineReader.Line> lines = current.read(max);
    if (lines.isEmpty()) {
      detectRename();
    }
    return lines;
  }

  /** True when the file was truncated, and so reading starts again (after its copy, if found). */
  private boolean detectTruncation() throws IOException {
    long size = current.size();
    boolean shrunk = size < current.readPosition();
    if (!shrunk && (size == lastSize || current.intact())) {
      lastSize = size;
      return false;
    }
    log.info("{} was truncated (copytruncate?) at byte {}", path, current.position().position());
    stats.truncations.incrementAndGet();
    drainCopy(current.position());
    current.restartFromZero();
    lastSize = -1;
    return true;
  }

  private void detectRename() throws IOException {
    Optional<String> key = OpenFile.keyOf(path);
    if (key.isEmpty() || key.get().equals(current.fileKey())) {
      return;
    }
    Optional<OpenFile> next = OpenFile.open(path);
    if (next.isEmpty()) {
      return;
    }
    log.info("{} was rotated; finishing the old file, then reading the new one", path);
    stats.rotations.incrementAndGet();
    draining = current;
    current = reader(next.get(), start(next.get()));
    lastSize = -1;
  }

  private void drainCopy(TailPosition at) throws IOException {
    Optional<OpenFile> copy = RotatedFiles.copyOf(path, at);
    if (copy.isPresent()) {
      draining =
          reader(copy.get(), new TailPosition(copy.get().key(), at.position(), at.fingerprint()));
    } else if (at.position() > 0) {
      stats.lostRotatedFiles.incrementAndGet();
      log.warn(
          "{} was truncated but no copy holding byte {} was found beside it: lines written between the last "
              + "read and the truncation are lost",
          path,
          at.position());
    }
  }

  private LineReader reader(OpenFile f, TailPosition from) {
    return new LineReader(f.channel(), f.key(), from, maxLineBytes, stats);
  }

  private static TailPosition start(OpenFile f) {
    return new TailPosition(f.key(), 0, Fingerprint.EMPTY);
  }

  private static void closeQuietly(OpenFile f) {
    try {
      f.channel().close();
    } catch (IOException e) {
      log.debug("closing {}", f.path(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try (LineReader d = draining;
        LineReader c = current) {
      draining = null;
      current = null;
    }
  }
}
