package io.fulcrum.actuator.backend;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One change at a time per config store, across processes: {@code fulcrum deploy} holds it from the
 * switch until its announcement is on the topic, the actuator while it applies a rollback, and the
 * watcher skips a round while anyone holds it, so it never announces a change that its author is
 * about to announce. A file lock ({@code <store>/.fulcrum.lock}) for other processes, a reentrant
 * lock for threads of this one (file locks are per process).
 */
public final class StoreLock implements AutoCloseable {
  static final String FILE = ".fulcrum.lock";
  private static final Map<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();
  private static final Map<Path, FileLock> FILE_LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private final ReentrantLock local;

  private StoreLock(Path root, ReentrantLock local) {
    this.root = root;
    this.local = local;
  }

  /** Waits up to {@code timeout} for the store. */
  public static StoreLock acquire(Path storeRoot, Duration timeout) throws BackendException {
    Path root = storeRoot.toAbsolutePath().normalize();
    ReentrantLock local = LOCAL.computeIfAbsent(root, r -> new ReentrantLock());
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!local.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new BackendException(
            "the config store " + root + " is busy (another change in this process)");
      }
      while (!fileLock(root, local)) {
        if (System.nanoTime() > deadline) {
          local.unlock();
          throw new BackendException(
              "the config store "
                  + root
                  + " is locked by another process ("
                  + root.resolve(FILE)
                  + ") for more than "
                  + timeout.toSeconds()
                  + " s");
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while waiting for the lock of " + root, e);
    }
    return new StoreLock(root, local);
  }

  /** The lock if nobody holds it now, else empty. */
  public static Optional<StoreLock> tryAcquire(Path storeRoot) throws BackendException {
    Path root = storeRoot.toAbsolutePath().normalize();
    ReentrantLock local = LOCAL.computeIfAbsent(root, r -> new ReentrantLock());
    if (!local.tryLock()) {
      return Optional.empty();
    }
    if (!fileLock(root, local)) {
      local.unlock();
      return Optional.empty();
    }
    return Optional.of(new StoreLock(root, local));
  }

  /** True when this process holds the file lock (taken now or by an outer hold of this thread). */
  private static boolean fileLock(Path root, ReentrantLock local) throws BackendException {
    if (local.getHoldCount() > 1) {
      return true;
    }
    try {
      FileChannel ch =
          FileChannel.open(root.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        return false;
      }
      FILE_LOCKS.put(root, lock);
      return true;
    } catch (IOException e) {
      throw new BackendException("cannot lock the config store " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      if (local.getHoldCount() == 1) {
        FileLock lock = FILE_LOCKS.remove(root);
        if (lock != null) {
          try {
            lock.channel().close(); // releases the lock
          } catch (IOException e) {
            // the lock goes with the channel either way
          }
        }
      }
    } finally {
      local.unlock();
    }
  }
}
