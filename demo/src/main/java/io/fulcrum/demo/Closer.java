package io.fulcrum.demo;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what was opened, last first, once; a failure to close one thing does not keep the rest
 * open.
 */
final class Closer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Closer.class);
  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private boolean closed;

  synchronized <T extends AutoCloseable> T push(T resource) {
    if (closed) {
      closeQuietly(resource);
      throw new IllegalStateException("the demo is shutting down");
    }
    open.push(resource);
    return resource;
  }

  @Override
  public void close() {
    while (true) {
      AutoCloseable next;
      synchronized (this) {
        closed = true;
        next = open.poll();
      }
      if (next == null) {
        return;
      }
      closeQuietly(next);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("could not close {}: {}", c, e.toString());
    }
  }
}
