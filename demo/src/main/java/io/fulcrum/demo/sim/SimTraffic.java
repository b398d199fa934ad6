package io.fulcrum.demo.sim;

import io.fulcrum.demo.Publisher;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimEvent;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.sim.SimRun;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated load balancer's output, paced in wall-clock time: each request's {@code RequestEvent} is produced
 * when its log line would be written (event time = accept time, both "now"), and each deploy when it happens.
 */
public final class SimTraffic implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SimTraffic.class);
  private final SimRun run;
  private final Publisher publisher;
  private final FulcrumTopics topics;
  private final Predicate<SimConfigChange> skip;
  private final Thread thread;
  private volatile boolean running = true;

  /** @param skip config changes not to announce (the actuator announces its own) */
  public SimTraffic(SimRun run, Publisher publisher, FulcrumTopics topics, Predicate<SimConfigChange> skip) {
    this.run = run;
    this.publisher = publisher;
    this.topics = topics;
    this.skip = skip;
    this.thread = new Thread(this::loop, "fulcrum-demo-load-generator");
    thread.setDaemon(true);
  }

  public SimTraffic start() {
    thread.start();
    return this;
  }

  private void loop() {
    try {
      while (running && run.hasNext()) {
        SimEvent e = run.next();
        long wait = e.emitMs() - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        byte[] key = e.pool().getBytes(StandardCharsets.UTF_8);
        if (e instanceof SimRequest r) {
          publisher.send(topics.requests(), key, SimAvro.toAvro(r), r.timestampMs());
        } else if (e instanceof SimConfigChange c && !skip.test(c)) {
          publisher.send(topics.configChanges(), key, SimAvro.toAvro(c), Math.max(0, c.timestampMs()));
        }
      }
    } catch (InterruptedException e) {
      // stopping
    } catch (RuntimeException e) {
      log.error("the load generator stopped", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}
