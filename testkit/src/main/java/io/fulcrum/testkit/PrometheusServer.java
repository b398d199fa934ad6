package io.fulcrum.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Prometheus (Debian's {@code prometheus}) on a free loopback port, scraping the given
 * targets every {@code scrapeInterval}, with its TSDB in a test's temporary directory. Close it in
 * {@code @AfterEach}: it kills the process.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /**
   * Starts Prometheus and waits until it is ready.
   *
   * @param workDir an empty temporary directory for the config, the TSDB and the log
   * @param targets {@code host:port} of each {@code /metrics} endpoint, all in job {@code fulcrum}
   */
  public static PrometheusServer start(Path workDir, Duration scrapeInterval, List<String> targets)
      throws IOException, InterruptedException {
    Path binary = RequiredPrograms.require("prometheus", "prometheus");
    Path config =
        Files.writeString(workDir.resolve("prometheus.yml"), config(scrapeInterval, targets));
    Path log = workDir.resolve("prometheus.log");
    int port = freePort();
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server = new PrometheusServer(p, log, URI.create("http://127.0.0.1:" + port));
    try {
      server.awaitReady();
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  static String config(Duration scrapeInterval, List<String> targets) {
    String seconds = scrapeInterval.toMillis() + "ms";
    return "global:\n"
        + "  scrape_interval: "
        + seconds
        + "\n"
        + "  scrape_timeout: "
        + seconds
        + "\n"
        + "scrape_configs:\n"
        + "  - job_name: fulcrum\n"
        + "    static_configs:\n"
        + "      - targets: ["
        + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))
        + "]\n";
  }

  /** The body of {@code GET /api/v1/query?query=promql} (JSON); fails on a non-200 answer. */
  public String query(String promql) throws IOException, InterruptedException {
    URI uri =
        base.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "Prometheus answered " + r.statusCode() + " to " + promql + ": " + r.body());
    }
    return r.body();
  }

  public URI baseUri() {
    return base;
  }

  /** The last lines Prometheus logged, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void awaitReady() throws InterruptedException {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    HttpRequest ready =
        HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "prometheus exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // retried below until the deadline
      }
      // Poll the process rather than sleep: returns early if it dies.
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException(
        "prometheus not ready after " + READY_TIMEOUT.toSeconds() + "s:\n" + logTail());
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
