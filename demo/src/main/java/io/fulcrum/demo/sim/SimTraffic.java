package io.fulcrum.demo.sim;

import io.fulcrum.demo.lb.Publisher;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.sim.PacedPlayback;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.sim.SimRun;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * The simulated load balancer's output, paced in wall-clock time: each request's {@code
 * RequestEvent} is produced when its log line would be written (event time = accept time, both
 * "now"), and each deploy when it happens.
 */
public final class SimTraffic implements AutoCloseable, PacedPlayback.Sink {
  private final Publisher publisher;
  private final FulcrumTopics topics;
  private final Predicate<SimConfigChange> skip;
  private final PacedPlayback playback;

  /**
   * @param skip config changes not to announce (the actuator announces its own)
   */
  public SimTraffic(
      SimRun run, Publisher publisher, FulcrumTopics topics, Predicate<SimConfigChange> skip) {
    this.publisher = publisher;
    this.topics = topics;
    this.skip = skip;
    this.playback = new PacedPlayback(run, this, "fulcrum-demo-load-generator");
  }

  public SimTraffic start() {
    playback.start();
    return this;
  }

  @Override
  public void request(SimRequest r) {
    publisher.send(topics.requests(), key(r.pool()), SimAvro.toAvro(r), r.timestampMs());
  }

  @Override
  public void configChange(SimConfigChange c) {
    if (!skip.test(c)) {
      publisher.send(
          topics.configChanges(), key(c.pool()), SimAvro.toAvro(c), Math.max(0, c.timestampMs()));
    }
  }

  private static byte[] key(String pool) {
    return pool.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    playback.close();
  }
}
