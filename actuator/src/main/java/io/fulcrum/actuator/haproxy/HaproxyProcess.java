package io.fulcrum.actuator.haproxy;

import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.actuator.backend.Processes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * An HAProxy master-worker process started from Java, loading what a {@link HaproxyBackend} with
 * the same settings activates ({@code -W -S <master socket> -f <base>... -f <store>/active}). For
 * tests and the demo; in production HAProxy is usually started by systemd with the same flags.
 * {@link #close()} stops the master and its workers.
 */
public final class HaproxyProcess implements AutoCloseable {
  private final Process master;
  private final HaproxyRuntime runtime;

  private HaproxyProcess(Process master, HaproxyRuntime runtime) {
    this.master = master;
    this.runtime = runtime;
  }

  /** Starts HAProxy and waits until its first worker runs; its output goes to {@code logFile}. */
  public static HaproxyProcess start(HaproxySettings settings, Path logFile, Duration timeout)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(settings.binary().toString(), "-W", "-S", settings.masterSocket().toString()));
    settings
        .loadOrder()
        .forEach(
            f -> {
              cmd.add("-f");
              cmd.add(f.toString());
            });
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    HaproxyProcess hp =
        new HaproxyProcess(
            p, new HaproxyRuntime(settings.masterSocket(), null, Duration.ofSeconds(2)));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (hp.workers().size() > 0) {
        return hp;
      }
      LockSupport.parkNanos(50_000_000L);
    }
    hp.close();
    throw new IOException(
        "haproxy did not start a worker within "
            + timeout.toMillis()
            + " ms (exit "
            + (p.isAlive() ? "none" : p.exitValue())
            + "); see "
            + logFile);
  }

  public long masterPid() {
    return master.pid();
  }

  public boolean isAlive() {
    return master.isAlive();
  }

  /** The current workers' pids; empty when the master does not answer. */
  public java.util.Set<Long> workers() {
    try {
      return runtime.showProc().workers();
    } catch (BackendException e) {
      return java.util.Set.of();
    }
  }

  /** How many reloads the master has done. */
  public int reloads() throws BackendException {
    return runtime.showProc().reloads();
  }

  @Override
  public void close() {
    Processes.stopTree(master, Duration.ofSeconds(5));
  }
}
