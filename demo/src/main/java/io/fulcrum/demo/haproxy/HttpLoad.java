package io.fulcrum.demo.haproxy;

import io.fulcrum.sim.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real HTTP requests through HAProxy at each pool's rate (Poisson arrivals), from a small client
 * pool. Responses are not waited for in line: the pace holds even when a server is overloaded.
 */
public final class HttpLoad implements AutoCloseable {
  private final HttpClient client;
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          8,
          r -> {
            Thread t = new Thread(r, "fulcrum-demo-http-client");
            t.setDaemon(true);
            return t;
          });
  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean running = true;

  public HttpLoad(URI frontend, Scenario scenario, long startMs, double rateMultiplier) {
    this.client =
        HttpClient.newBuilder()
            .executor(executor)
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.thread =
        new Thread(
            () -> loop(frontend, scenario, startMs, rateMultiplier), "fulcrum-demo-load-generator");
    thread.setDaemon(true);
  }

  public HttpLoad start() {
    thread.start();
    return this;
  }

  public long sent() {
    return sent.get();
  }

  private void loop(URI frontend, Scenario scenario, long startMs, double rateMultiplier) {
    int n = scenario.pools().size();
    double[] next = new double[n];
    // Arrivals start now: the ones "missed" while the rest started up would arrive as one
    // overloading burst.
    java.util.Arrays.fill(next, Math.max(0, System.currentTimeMillis() - startMs));
    long end = startMs + scenario.durationMs();
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    try {
      while (running) {
        int i = 0;
        for (int p = 1; p < n; p++) {
          i = next[p] < next[i] ? p : i;
        }
        long at = startMs + (long) next[i];
        if (at >= end) {
          return;
        }
        long wait = at - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        send(frontend, scenario.pools().get(i).name());
        double rate = scenario.pools().get(i).traffic().rateAt(at - startMs) * rateMultiplier;
        next[i] += rate > 0 ? -Math.log(1 - rnd.nextDouble()) * 1000 / rate : 1000;
      }
    } catch (InterruptedException e) {
      // stopping
    }
  }

  private void send(URI frontend, String pool) {
    HttpRequest req =
        HttpRequest.newBuilder(frontend)
            .timeout(Duration.ofSeconds(5))
            .header(HaproxyConfigs.POOL_HEADER, pool)
            .GET()
            .build();
    sent.incrementAndGet();
    client.sendAsync(req, HttpResponse.BodyHandlers.discarding());
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
    executor.shutdownNow();
  }
}
