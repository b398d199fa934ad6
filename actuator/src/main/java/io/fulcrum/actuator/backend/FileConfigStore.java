package io.fulcrum.actuator.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Config versions on disk, one file per pool and version, with a symlink per pool naming the active
 * one:
 *
 * <pre>
 * &lt;root&gt;/versions/&lt;pool&gt;/&lt;version&gt;&lt;ext&gt;     every deployable version
 * &lt;root&gt;/active/&lt;pool&gt;&lt;ext&gt; -&gt; ../versions/&lt;pool&gt;/&lt;version&gt;&lt;ext&gt;
 * </pre>
 *
 * The LB loads {@code <root>/active} (HAProxy: {@code -f <root>/active}, nginx: {@code include
 * <root>/active/*.conf}). A switch writes a new symlink beside the old one and renames it over it,
 * which is atomic: a reload never sees a half-written pointer. Temporary links start with '.' and
 * do not end in the extension, so LBs skip them.
 */
public final class FileConfigStore {
  private final Path root;
  private final String extension;

  /**
   * @param extension the config file suffix, e.g. {@code .cfg} (HAProxy) or {@code .conf} (nginx)
   */
  public FileConfigStore(Path root, String extension) {
    this.root = root.toAbsolutePath().normalize();
    this.extension = extension;
  }

  public Path root() {
    return root;
  }

  public Path activeDir() {
    return root.resolve("active");
  }

  public Path versionFile(String pool, String version) {
    check("pool", pool);
    check("version", version);
    Path p = root.resolve("versions").resolve(pool).resolve(version + extension).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("version path escapes the store: " + p);
    }
    return p;
  }

  public Path pointer(String pool) {
    check("pool", pool);
    return activeDir().resolve(pool + extension);
  }

  public boolean hasVersion(String pool, String version) {
    return Files.isRegularFile(versionFile(pool, version));
  }

  /** The active version of {@code pool}, or null when it has none. */
  public String active(String pool) throws BackendException {
    Path link = pointer(pool);
    try {
      Path target = Files.readSymbolicLink(link);
      String file = target.getFileName().toString();
      if (!file.endsWith(extension)) {
        throw new BackendException(
            link + " points at " + target + ", not at a " + extension + " version file");
      }
      return file.substring(0, file.length() - extension.length());
    } catch (NoSuchFileException e) {
      return null;
    } catch (java.nio.file.NotLinkException e) {
      throw new BackendException(link + " must be a symlink into " + root.resolve("versions"));
    } catch (IOException e) {
      throw new BackendException("cannot read " + link + ": " + e.getMessage(), e);
    }
  }

  /**
   * The pools with an active file, sorted (a hand-made regular file counts as much as a symlink).
   */
  public List<String> activePools() throws BackendException {
    List<String> pools = new ArrayList<>();
    if (Files.isDirectory(activeDir())) {
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(activeDir(), "*" + extension)) {
        for (Path f : dir) {
          String name = f.getFileName().toString();
          String pool = name.substring(0, name.length() - extension.length());
          if (Names.valid(pool)) {
            pools.add(pool);
          }
        }
      } catch (IOException e) {
        throw new BackendException("cannot list " + activeDir() + ": " + e.getMessage(), e);
      }
    }
    pools.sort(null);
    return pools;
  }

  /**
   * The stored version the pool's pointer names, or null when the active file is not a symlink to a
   * version file of this store (edited by hand, or pointing elsewhere) or there is none.
   */
  public String activeStoredVersion(String pool) {
    try {
      String v = active(pool);
      return v != null
              && Names.valid(v)
              && Files.isRegularFile(versionFile(pool, v))
              && Files.isSameFile(pointer(pool), versionFile(pool, v))
          ? v
          : null;
    } catch (BackendException | IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Atomically points {@code pool} at {@code version}. */
  public void activate(String pool, String version) throws BackendException {
    Path file = versionFile(pool, version);
    if (!Files.isRegularFile(file)) {
      throw new BackendException("no version " + version + " of pool " + pool + " in " + root);
    }
    Path link = pointer(pool);
    Path tmp = activeDir().resolve("." + pool + extension + ".tmp-" + System.nanoTime());
    try {
      Files.createDirectories(activeDir());
      Files.createSymbolicLink(tmp, link.getParent().relativize(file));
      Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the rename failed already; a stray hidden temp link is harmless
      }
      throw new BackendException(
          "cannot switch " + link + " to " + version + ": " + e.getMessage(), e);
    }
  }

  /** Removes the pointer (the pool had no active version before). */
  public void deactivate(String pool) throws BackendException {
    try {
      Files.deleteIfExists(pointer(pool));
    } catch (IOException e) {
      throw new BackendException("cannot remove " + pointer(pool) + ": " + e.getMessage(), e);
    }
  }

  /** Puts the pointer back as it was: at {@code version}, or none. */
  public void restore(String pool, String version) throws BackendException {
    if (version == null) {
      deactivate(pool);
    } else {
      activate(pool, version);
    }
  }

  /** Writes a version file (for deploy tooling, tests and the demo). */
  public Path put(String pool, String version, String content) throws IOException {
    Path file = versionFile(pool, version);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * The active config files of every pool in lexical order (as HAProxy loads a directory), or the
   * target for {@code pool}.
   */
  public List<Path> activeFilesWith(String pool, String version) throws BackendException {
    List<Path> files = new ArrayList<>();
    Path replaced = pointer(pool);
    if (Files.isDirectory(activeDir())) {
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(activeDir(), "*" + extension)) {
        dir.forEach(files::add);
      } catch (IOException e) {
        throw new BackendException("cannot list " + activeDir() + ": " + e.getMessage(), e);
      }
    }
    if (!files.contains(replaced)) {
      files.add(replaced);
    }
    files.sort(null);
    return files.stream().map(f -> f.equals(replaced) ? versionFile(pool, version) : f).toList();
  }

  private static void check(String what, String name) {
    String problem = Names.problem(what, name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }
}
