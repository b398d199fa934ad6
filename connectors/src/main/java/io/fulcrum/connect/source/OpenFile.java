package io.fulcrum.connect.source;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A file opened together with its identity (device and inode on Linux), which survives a rename.
 */
record OpenFile(Path path, FileChannel channel, String key) {

  /** The identity of whatever file is at {@code path} now; empty when there is none. */
  static Optional<String> keyOf(Path path) throws IOException {
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        return Optional.empty();
      }
      Object key = attrs.fileKey();
      // Without inodes (not Linux) the creation time is the best identity there is.
      return Optional.of(
          key != null ? key.toString() : "created=" + attrs.creationTime().toMillis());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Opens the file at {@code path}; empty when there is none. Retries if it is replaced while
   * opening.
   */
  static Optional<OpenFile> open(Path path) throws IOException {
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<String> before = keyOf(path);
      if (before.isEmpty()) {
        return Optional.empty();
      }
      FileChannel channel;
      try {
        channel = FileChannel.open(path, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        continue;
      }
      if (before.equals(keyOf(path))) {
        return Optional.of(new OpenFile(path, channel, before.get()));
      }
      channel.close();
    }
    throw new IOException(path + " is replaced faster than it can be opened");
  }
}
