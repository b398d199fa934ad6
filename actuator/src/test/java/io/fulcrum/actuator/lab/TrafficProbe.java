package io.fulcrum.actuator.lab;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A client that keeps opening new connections to the pool's frontend (one every 2 ms) and records every failure. */
public final class TrafficProbe implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger ok = new AtomicInteger();
  private final List<String> failures = new CopyOnWriteArrayList<>();

  public TrafficProbe(LoopbackPool lab) {
    timer.scheduleAtFixedRate(() -> {
      try {
        int status = lab.get();
        if (status == 200) {
          ok.incrementAndGet();
        } else {
          failures.add("HTTP " + status);
        }
      } catch (Exception e) {
        failures.add(e.toString());
      }
    }, 0, 2, TimeUnit.MILLISECONDS);
  }

  public int ok() {
    return ok.get();
  }

  public List<String> failures() {
    return failures;
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(10, TimeUnit.SECONDS);
  }
}
