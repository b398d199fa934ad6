package io.fulcrum.chaos.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker+controller JVM of a {@link KafkaProcessCluster}: its ports, config and log dir stay
 * fixed, so the process can be killed, paused and started again as the same node.
 */
final class KafkaNode {
  private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);
  private static final String HEAP = "320m";
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Every broker process this JVM started and has not yet seen exit; the shutdown hook kills them.
   */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> LIVE.forEach(Process::destroyForcibly), "kafka-process-cluster-reaper"));
  }

  final int id;
  final int brokerPort;
  final int controllerPort;
  final Path config;
  final Path logDir;
  final Path logFile;
  private final Path log4jConfig;
  private final String clusterId;
  private volatile Process process;
  private volatile boolean paused;

  KafkaNode(
      int id, int brokerPort, int controllerPort, Path dir, Path log4jConfig, String clusterId) {
    this.id = id;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.config = dir.resolve("node-" + id + ".properties");
    this.logDir = dir.resolve("node-" + id);
    this.logFile = dir.resolve("node-" + id + ".log");
    this.log4jConfig = log4jConfig;
    this.clusterId = clusterId;
  }

  String bootstrap() {
    return "127.0.0.1:" + brokerPort;
  }

  void writeConfig(Map<String, String> props) {
    String text =
        props.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
    try {
      Files.writeString(config, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Launches the JVM (formatting the log dir on first start); does not wait for it to be ready. */
  synchronized void launch() {
    if (isRunning()) {
      throw new IllegalStateException(
          "node " + id + " is already running (pid " + process.pid() + ")");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xms" + HEAP,
                "-Xmx" + HEAP,
                // Three brokers share two cores with the tests: few GC threads, and no limping
                // after an OOM.
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4jConfig,
                // Lets `ps` tell which node of which test an (orphaned) broker is.
                "-Dfulcrum.kafka.node=" + id,
                "-Dfulcrum.kafka.dir=" + logDir.getParent(),
                "-cp",
                System.getProperty("java.class.path"),
                KafkaNodeMain.class.getName(),
                clusterId,
                config.toString()));
    try {
      appendToLog("---- fulcrum: starting node " + id + " ----");
      // stdin stays a pipe from this JVM: KafkaNodeMain halts when it closes.
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start node " + id, e);
    }
    paused = false;
    Process p = process;
    LIVE.add(p);
    p.onExit().thenRun(() -> LIVE.remove(p));
  }

  /** SIGKILL, then waits until the process is gone. */
  synchronized void kill() {
    Process p = requireStarted();
    p.destroyForcibly();
    awaitExit(p, EXIT_TIMEOUT, "SIGKILL");
    paused = false;
  }

  /**
   * SIGTERM (Kafka's clean, controlled shutdown), then waits for the exit; a paused node is resumed
   * first.
   */
  synchronized void stop() {
    Process p = requireStarted();
    if (paused) {
      resume();
    }
    // Not Process.destroy(): it also closes the child's stdin, and KafkaNodeMain halts on that at
    // once.
    p.toHandle().destroy();
    if (!waitFor(p, STOP_TIMEOUT)) {
      p.destroyForcibly();
      awaitExit(p, EXIT_TIMEOUT, "SIGKILL");
      throw new IllegalStateException(
          "node "
              + id
              + " did not shut down within "
              + STOP_TIMEOUT.toSeconds()
              + " s of SIGTERM, so it was killed; see "
              + logFile
              + "\n"
              + logTail(20));
    }
  }

  /**
   * SIGSTOP: the process stays, but answers nothing and sends no heartbeats until {@link
   * #resume()}.
   */
  synchronized void pause() {
    Process p = requireRunning();
    signal(p, "STOP");
    paused = true;
  }

  /** SIGCONT. */
  synchronized void resume() {
    Process p = requireRunning();
    signal(p, "CONT");
    paused = false;
  }

  boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  boolean isPaused() {
    return paused && isRunning();
  }

  long pid() {
    return requireStarted().pid();
  }

  /** Throws, naming the log, if the process has exited: readiness loops stop waiting at once. */
  void requireAlive(String doing) {
    Process p = process;
    if (p != null && !p.isAlive()) {
      throw new Poll.GiveUp(
          "node "
              + id
              + " exited with "
              + p.exitValue()
              + " while "
              + doing
              + "; see "
              + logFile
              + "\n"
              + logTail(20));
    }
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void signal(Process p, String signal) {
    Path kill =
        java.util.stream.Stream.of("/bin/kill", "/usr/bin/kill")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "SIG"
                            + signal
                            + " needs the kill program in /bin or /usr/bin (apt-get install procps)"));
    try {
      Process k =
          new ProcessBuilder(kill.toString(), "-" + signal, Long.toString(p.pid()))
              .redirectErrorStream(true)
              .start();
      String out = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
        throw new IllegalStateException(
            "kill -" + signal + " " + p.pid() + " (node " + id + ") failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + kill, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while sending SIG" + signal + " to node " + id, e);
    }
    log.info("node {} (pid {}): SIG{}", id, p.pid(), signal);
  }

  private void awaitExit(Process p, Duration timeout, String after) {
    if (!waitFor(p, timeout)) {
      throw new IllegalStateException(
          "node "
              + id
              + " (pid "
              + p.pid()
              + ") still alive "
              + timeout.toSeconds()
              + " s after "
              + after);
    }
  }

  private static boolean waitFor(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException(
          "interrupted while waiting for a broker to exit; killed it", e);
    }
  }

  private Process requireStarted() {
    Process p = process;
    if (p == null) {
      throw new IllegalStateException("node " + id + " was never started");
    }
    return p;
  }

  private Process requireRunning() {
    Process p = requireStarted();
    if (!p.isAlive()) {
      throw new IllegalStateException(
          "node " + id + " is not running (exit " + p.exitValue() + ")");
    }
    return p;
  }

  private void appendToLog(String line) throws IOException {
    Files.writeString(
        logFile,
        line + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }
}
