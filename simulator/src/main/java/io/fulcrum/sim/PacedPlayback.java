package io.fulcrum.sim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a simulator run in wall-clock time on its own thread, as a load balancer and its log
 * shipper would: each event goes to the sink when it is emitted (a request when its log line is
 * written, a change when deployed).
 */
public final class PacedPlayback implements AutoCloseable {
  /** Where the events go; called on the playback thread. */
  public interface Sink {
    void request(SimRequest r);

    void configChange(SimConfigChange c);
  }

  private static final Logger log = LoggerFactory.getLogger(PacedPlayback.class);
  private final SimRun run;
  private final Sink sink;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  public PacedPlayback(SimRun run, Sink sink, String threadName) {
    this.run = run;
    this.sink = sink;
    this.thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
  }

  public PacedPlayback start() {
    thread.start();
    return this;
  }

  /**
   * Waits until every event has been played (or the playback failed); false if it had not within
   * the timeout.
   */
  public boolean awaitFinished(java.time.Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }

  /** What stopped the playback early, or null. */
  public Throwable failure() {
    return failure;
  }

  private void loop() {
    try {
      while (running && run.hasNext()) {
        SimEvent e = run.next();
        long wait = e.emitMs() - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        if (e instanceof SimRequest r) {
          sink.request(r);
        } else if (e instanceof SimConfigChange c) {
          sink.configChange(c);
        }
      }
    } catch (InterruptedException e) {
      // stopping: keep the flag for whoever looks at this thread after us
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
      log.error("{} stopped", thread.getName(), e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}
