package io.fulcrum.demo.haproxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The backend servers behind the demo's HAProxy: one loopback HTTP server per scenario server, each
 * able to take {@code capacityRps}. Beyond that it answers 503, as an overloaded application server
 * does. It also answers 500 during an injected failure (the database outage), and 502 for the share
 * of requests a broken config marks with {@value #ERROR_RATE_HEADER} (a header rewrite the
 * application rejects).
 */
public final class LoopbackServers implements AutoCloseable {
  /**
   * Set by a config version's HAProxy backend section: the share of requests the servers reject
   * with 502.
   */
  public static final String ERROR_RATE_HEADER = "X-Fulcrum-Error-Rate";

  private static final byte[] OK_BODY = "ok\n".repeat(400).getBytes(StandardCharsets.US_ASCII);

  /**
   * A failure outside the LB config: every server answers 500 for {@code rate} of requests in
   * [from, to).
   */
  public record Failure(long fromMs, long toMs, double rate) {}

  private final Map<String, HttpServer> servers = new LinkedHashMap<>();
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          16,
          r -> {
            Thread t = new Thread(r, "fulcrum-demo-backend");
            t.setDaemon(true);
            return t;
          });
  private final List<Failure> failures;

  public LoopbackServers(List<String> names, double capacityRps, List<Failure> failures)
      throws IOException {
    this.failures = List.copyOf(failures);
    try {
      for (String name : names) {
        HttpServer s =
            HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        TokenBucket bucket = new TokenBucket(capacityRps, Math.max(8, capacityRps / 2));
        s.createContext("/", ex -> handle(ex, bucket));
        s.setExecutor(executor);
        s.start();
        servers.put(name, s);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Loopback port of each server, by name. */
  public Map<String, Integer> ports() {
    Map<String, Integer> m = new LinkedHashMap<>();
    servers.forEach((name, s) -> m.put(name, s.getAddress().getPort()));
    return m;
  }

  private void handle(HttpExchange ex, TokenBucket bucket) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      long now = System.currentTimeMillis();
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      if (!bucket.tryTake(now)) {
        respond(ex, 503, "overloaded\n".getBytes(StandardCharsets.US_ASCII));
        return;
      }
      sleepQuietly(
          15 + rnd.nextInt(30)); // some service time, so latency percentiles look like a real app's
      if (rnd.nextDouble() < failureRate(now)) {
        respond(ex, 500, "database unavailable\n".getBytes(StandardCharsets.US_ASCII));
      } else if (rnd.nextDouble() < headerRate(ex)) {
        respond(ex, 502, "bad header\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        respond(ex, 200, OK_BODY);
      }
    }
  }

  private double failureRate(long now) {
    double ok = 1;
    for (Failure f : failures) {
      if (now >= f.fromMs() && now < f.toMs()) {
        ok *= 1 - f.rate();
      }
    }
    return 1 - ok;
  }

  private static double headerRate(HttpExchange ex) {
    String v = ex.getRequestHeaders().getFirst(ERROR_RATE_HEADER);
    try {
      return v == null ? 0 : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    servers.values().forEach(s -> s.stop(0));
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Capacity as tokens refilled at {@code rate} per second up to {@code burst}. */
  static final class TokenBucket {
    private final double rate;
    private final double burst;
    private double tokens;
    private long lastMs = -1;

    TokenBucket(double rate, double burst) {
      this.rate = rate;
      this.burst = burst;
      this.tokens = burst;
    }

    synchronized boolean tryTake(long nowMs) {
      if (lastMs >= 0) {
        tokens = Math.min(burst, tokens + (nowMs - lastMs) * rate / 1000);
      }
      lastMs = Math.max(lastMs, nowMs);
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
