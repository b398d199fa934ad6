package io.fulcrum.connect.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.connect.source.AccessLogSourceConnector;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.connect.cli.ConnectDistributed;

/**
 * A real distributed Connect worker (connect-runtime 4.3.1) in its own JVM, with the test classpath
 * (so our plugins), so that a test can crash it with SIGKILL as well as stop it gracefully with
 * SIGTERM.
 */
public final class ConnectWorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final URI url;

  private ConnectWorkerProcess(Process process, Path log, URI url) {
    this.process = process;
    this.log = log;
    this.url = url;
  }

  /**
   * Starts a worker of the cluster described by {@code settings} and waits until its REST API is
   * healthy.
   */
  public static ConnectWorkerProcess start(WorkerSettings settings, Path dir, String name)
      throws Exception {
    int port = FreePorts.pick();
    Path props = dir.resolve(name + ".properties");
    Properties p = new Properties();
    p.putAll(settings.workerProperties(port));
    try (OutputStream out = Files.newOutputStream(props)) {
      p.store(out, "test worker " + name);
    }
    Path log = dir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String logConfig =
        Path.of(ConnectWorkerProcess.class.getResource("/log4j2-worker.xml").toURI()).toString();
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx384m",
                "-Dlog4j2.configurationFile=" + logConfig,
                "-cp",
                classpath(settings),
                ConnectDistributed.class.getName(),
                props.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ConnectWorkerProcess w =
        new ConnectWorkerProcess(process, log, URI.create("http://127.0.0.1:" + port));
    await("worker " + name + " healthy")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "worker exited with " + process.exitValue() + ":\n" + w.logText());
              }
              HttpResponse<String> r = Http.get(w.url.resolve("/health"));
              return r != null && r.statusCode() == 200;
            });
    return w;
  }

  /**
   * The test classpath; without our own classes when the plugins must come from the plugin
   * directory.
   */
  private static String classpath(WorkerSettings settings) throws Exception {
    String cp = System.getProperty("java.class.path");
    if (settings.pluginPath() == null) {
      return cp;
    }
    Path ours =
        Path.of(
            AccessLogSourceConnector.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    return Arrays.stream(cp.split(File.pathSeparator))
        .filter(e -> !Path.of(e).toAbsolutePath().equals(ours.toAbsolutePath()))
        .collect(Collectors.joining(File.pathSeparator));
  }

  public void putConnector(String connector, Map<String, String> config) {
    HttpResponse<String> r = Http.put(url.resolve("/connectors/" + connector + "/config"), config);
    if (r == null || r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "creating " + connector + " failed: " + (r == null ? "unreachable" : r.body()));
    }
  }

  /** Waits until the connector and all of its {@code tasks} tasks run on this worker's cluster. */
  public void awaitRunning(String connector, int tasks) {
    await(connector + " running")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<String> r =
                  Http.get(url.resolve("/connectors/" + connector + "/status"));
              if (r == null || r.statusCode() != 200) {
                return false;
              }
              JsonNode s = Http.JSON.readTree(r.body());
              for (JsonNode t : s.path("tasks")) {
                if ("FAILED".equals(t.path("state").asText())) {
                  throw new IllegalStateException(
                      connector + " task failed: " + t.path("trace").asText());
                }
              }
              return "RUNNING".equals(s.path("connector").path("state").asText())
                  && s.path("tasks").size() == tasks
                  && s.path("tasks").findValuesAsText("state").stream().allMatch("RUNNING"::equals);
            });
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** A crash: SIGKILL, no shutdown hook, no final offset commit. */
  public void crash() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * A graceful stop: SIGTERM runs Connect's shutdown hook, which stops tasks and commits their
   * offsets.
   */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("worker did not stop within 60 s:\n" + logText());
    }
  }

  /** Kills the worker if still running, and shows its warnings and errors in the test output. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      crash();
    }
    logText()
        .lines()
        .filter(l -> l.contains(" ERROR ") || l.contains(" WARN  ") && l.contains(" io.fulcrum."))
        .forEach(l -> System.out.println("[worker] " + l));
  }

  /** The log lines matching {@code text}. */
  public List<String> logLines(String text) {
    return logText().lines().filter(l -> l.contains(text)).toList();
  }
}
