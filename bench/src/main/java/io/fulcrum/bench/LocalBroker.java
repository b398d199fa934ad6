package io.fulcrum.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts {@link BrokerMain} as a child JVM with this JVM's classpath, and stops it on close. */
final class LocalBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalBroker.class);
  private final Process process;
  private final String bootstrapServers;

  private LocalBroker(Process process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  static LocalBroker start(String heap, Path logFile, Duration timeout) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xms" + heap,
                    "-Xmx" + heap,
                    "-Dlog4j2.configurationFile=" + Bench.LOG_CONFIG,
                    "-cp",
                    System.getProperty("java.class.path"),
                    BrokerMain.class.getName()))
            .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = new CompletableFuture<>();
    // Keep draining the child's output after it is ready, or a full pipe would block the broker.
    Thread drain = new Thread(() -> drain(out, ready), "local-broker-output");
    drain.setDaemon(true);
    drain.start();
    try {
      String servers = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      log.info("local broker (pid {}) ready at {}", p.pid(), servers);
      return new LocalBroker(p, servers);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException(
          "the local broker did not start within " + timeout.toSeconds() + " s; see " + logFile, e);
    }
  }

  private static void drain(BufferedReader out, CompletableFuture<String> ready) {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (!ready.isDone() && line.startsWith(BrokerMain.READY)) {
          ready.complete(line.substring(BrokerMain.READY.length()).trim());
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(
        new IllegalStateException("the local broker exited before it was ready"));
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
