package io.fulcrum.chaos;

import io.fulcrum.app.StreamsAppMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Fulcrum Streams app as its own JVM ({@link StreamsAppMain}, what {@code ./fulcrum run} runs),
 * with its own state directory, {@code client.id} and metrics port, so that it can be killed with
 * SIGKILL like a crashed host and started again on the same state.
 */
final class AppInstance implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AppInstance.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String name;
  private final Path config;
  private final Path logFile;
  private final int metricsPort;
  private Process process;

  private AppInstance(String name, Path config, Path logFile, int metricsPort) {
    this.name = name;
    this.config = config;
    this.logFile = logFile;
    this.metricsPort = metricsPort;
  }

  /**
   * Writes the instance's config: the shared settings plus its own client id, state dir and metrics
   * port.
   */
  static AppInstance create(String name, Path dir, Map<String, String> shared) {
    try {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Map<String, String> all = new LinkedHashMap<>(shared);
      all.put("client.id", name);
      all.put("state.dir", dir.resolve(name + "-state").toString());
      all.put("fulcrum.metrics.enabled", "true");
      all.put("fulcrum.metrics.host", "127.0.0.1");
      all.put("fulcrum.metrics.port", Integer.toString(port));
      // Instances share a host here: each needs its own query API port (the default 9406 would
      // clash).
      try (ServerSocket s = new ServerSocket(0)) {
        all.put("fulcrum.api.port", Integer.toString(s.getLocalPort()));
      }
      Properties p = new Properties();
      p.putAll(all);
      Path file = dir.resolve(name + ".properties");
      try (Writer out = Files.newBufferedWriter(file)) {
        p.store(out, "fulcrum chaos instance " + name);
      }
      return new AppInstance(name, file, dir.resolve(name + ".log"), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  Path logFile() {
    return logFile;
  }

  synchronized AppInstance start() {
    if (isRunning()) {
      throw new IllegalStateException(name + " is already running");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      process =
          new ProcessBuilder(
                  List.of(
                      java,
                      "-Xmx384m",
                      "-XX:+UseSerialGC",
                      "-Dlog4j2.configurationFile=io/fulcrum/chaos/app-log4j2.xml",
                      "-cp",
                      System.getProperty("java.class.path"),
                      StreamsAppMain.class.getName(),
                      config.toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start app instance " + name, e);
    }
    log.info("app instance {} started (pid {}, log {})", name, process.pid(), logFile);
    return this;
  }

  synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no final commit, as when a host dies. */
  synchronized void kill() throws InterruptedException {
    if (isRunning()) {
      long pid = process.pid();
      process.destroyForcibly().waitFor();
      log.info("app instance {} (pid {}) killed with SIGKILL", name, pid);
    }
  }

  /** SIGTERM: Kafka Streams closes cleanly, as in a rolling restart or a scale-in. */
  synchronized void stop() throws InterruptedException {
    if (isRunning()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        log.warn("app instance {} did not stop within 60 s of SIGTERM; killing it", name);
        process.destroyForcibly().waitFor();
      }
      log.info("app instance {} stopped", name);
    }
  }

  /**
   * A counter or gauge from the instance's Prometheus endpoint, summed over its series; -1 if it
   * cannot be read.
   */
  double metric(String name) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      double sum = 0;
      Matcher m =
          Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$")
              .matcher(r.body());
      while (m.find()) {
        sum += Double.parseDouble(m.group(2));
      }
      return sum;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
