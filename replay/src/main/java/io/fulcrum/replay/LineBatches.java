package io.fulcrum.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads lines on a thread of its own and hands them over in batches, so that reading and UTF-8
 * decoding overlap with parsing on a second core. Lines come out in file order. Single consumer.
 */
final class LineBatches implements AutoCloseable {
  static final int BATCH = 4096;
  private static final String[] END = new String[0];

  private final BlockingQueue<String[]> queue = new ArrayBlockingQueue<>(16);
  private final Thread reader;
  private volatile IOException failure;

  private LineBatches(BufferedReader in) {
    this.reader = new Thread(() -> readAll(in), "fulcrum-replay-reader");
    reader.setDaemon(true);
  }

  static LineBatches start(BufferedReader in) {
    LineBatches b = new LineBatches(in);
    b.reader.start();
    return b;
  }

  /**
   * The next batch (the last one may be shorter; unused slots are null), or null at the end of
   * input.
   */
  String[] next() {
    String[] batch;
    try {
      batch = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for input lines", e);
    }
    if (batch == END) {
      if (failure != null) {
        throw new UncheckedIOException("cannot read the access log", failure);
      }
      return null;
    }
    return batch;
  }

  private void readAll(BufferedReader in) {
    try {
      String[] batch = new String[BATCH];
      int n = 0;
      String line;
      while ((line = in.readLine()) != null) {
        batch[n++] = line;
        if (n == BATCH) {
          queue.put(batch);
          batch = new String[BATCH];
          n = 0;
        }
      }
      if (n > 0) {
        queue.put(batch);
      }
    } catch (IOException e) {
      failure = e;
    } catch (InterruptedException e) {
      return;
    }
    try {
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    reader.interrupt();
  }
}
