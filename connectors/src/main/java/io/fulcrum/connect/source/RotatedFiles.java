package io.fulcrum.connect.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds where logrotate put the lines a tail has not read yet: the rotated siblings of a log
 * ({@code access.log.1}, {@code access.log-20260314}) in the same directory.
 */
final class RotatedFiles {
  private RotatedFiles() {}

  /** The sibling that is the file we were reading (same identity), renamed away. */
  static Optional<OpenFile> byKey(Path path, String key) throws IOException {
    for (Path p : siblings(path)) {
      if (key.equals(OpenFile.keyOf(p).orElse(null))) {
        return OpenFile.open(p).filter(f -> f.key().equals(key));
      }
    }
    return Optional.empty();
  }

  /**
   * The copy copytruncate made: a sibling that holds, just before {@code position.position()}, the
   * same bytes as the file we were reading. The newest such sibling wins.
   */
  static Optional<OpenFile> copyOf(Path path, TailPosition position) throws IOException {
    if (position.fingerprint().length() == 0) {
      return Optional.empty(); // nothing read yet: any file would match
    }
    for (Path p : siblings(path)) {
      Optional<OpenFile> f = OpenFile.open(p);
      if (f.isPresent()
          && !f.get().key().equals(position.fileKey())
          && position.fingerprint().matches(f.get().channel(), position.position())) {
        return f;
      }
      if (f.isPresent()) {
        f.get().channel().close();
      }
    }
    return Optional.empty();
  }

  /** Regular files named {@code <name>.*} or {@code <name>-*} beside {@code path}, newest first. */
  static List<Path> siblings(Path path) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    String name = path.getFileName().toString();
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(
              p -> {
                String n = p.getFileName().toString();
                return n.length() > name.length() + 1
                    && n.startsWith(name)
                    && (n.charAt(name.length()) == '.' || n.charAt(name.length()) == '-')
                    && Files.isRegularFile(p);
              })
          .sorted(Comparator.comparing(RotatedFiles::modified).reversed())
          .toList();
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
