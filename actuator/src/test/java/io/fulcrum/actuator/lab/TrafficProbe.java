package io.fulcrum.actuator.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A client that keeps opening new connections to the pool's frontend (one every 2 ms) and records
 * every failure.
 */
public final class TrafficProbe implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger ok = new AtomicInteger();
  private final List<String> failures = new CopyOnWriteArrayList<>();

  public TrafficProbe(LoopbackPool lab) {
    timer.scheduleAtFixedRate(
        () -> {
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
        },
        0,
        2,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code action} while requests keep arriving, then asserts that at least 200 more were
   * answered and that none failed: the load balancer kept its listener through whatever {@code
   * action} made it do.
   */
  public static <T> T whileSending(LoopbackPool pool, Supplier<T> action) {
    try (TrafficProbe probe = new TrafficProbe(pool)) {
      T result = action.get();
      int target = probe.ok() + 200;
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> probe.ok() >= target || !probe.failures().isEmpty());
      assertThat(probe.failures()).as("requests that failed meanwhile").isEmpty();
      return result;
    }
  }

  public int ok() {
    return ok.get();
  }

  public List<String> failures() {
    return failures;
  }

  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
