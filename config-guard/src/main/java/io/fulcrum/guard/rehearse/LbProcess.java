package io.fulcrum.guard.rehearse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * A load balancer run for a rehearsal: validated first ({@code haproxy -c}, {@code nginx -t}), then
 * started in the foreground with its output in a file, ready once every entry port accepts
 * connections. {@link #close} stops it and every process it started.
 */
final class LbProcess implements AutoCloseable {
  private final Process process;

  private LbProcess(Process process) {
    this.process = process;
  }

  /** Runs a validation command; a failure throws with the program's own error lines. */
  static void validate(List<String> cmd, Path log, Duration timeout, String what)
      throws IOException {
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(p);
        throw new IllegalStateException(
            what
                + ": "
                + cmd.get(0)
                + " did not finish checking the config within "
                + timeout.toSeconds()
                + " s");
      }
    } catch (InterruptedException e) {
      stop(p);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          what + ": " + Path.of(cmd.get(0)).getFileName() + " refused it: " + errors(log));
    }
  }

  static LbProcess start(List<String> cmd, Path log, List<Integer> ports, Duration timeout)
      throws IOException {
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    LbProcess lb = new LbProcess(p);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ports.stream().allMatch(HttpProbe::listening)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        lb.close();
        throw new IllegalStateException(
            Path.of(cmd.get(0)).getFileName()
                + " did not start listening on "
                + ports
                + (p.isAlive()
                    ? " within " + timeout.toSeconds() + " s"
                    : " (exit " + p.exitValue() + ")")
                + ": "
                + errors(log));
      }
      LockSupport.parkNanos(20_000_000L);
    }
    return lb;
  }

  /** The program's alert/error lines (or its last lines). */
  static String errors(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> bad =
          lines.stream()
              .filter(l -> l.contains("ALERT") || l.contains("[emerg]") || l.contains("[error]"))
              .map(l -> l.replaceFirst("^\\[ALERT]\\s*\\(\\d+\\) : ", "").strip())
              .collect(Collectors.toList());
      List<String> show =
          bad.isEmpty() ? lines.subList(Math.max(0, lines.size() - 5), lines.size()) : bad;
      return String.join(" | ", show.subList(0, Math.min(6, show.size())));
    } catch (IOException e) {
      return "(no output)";
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    stop(process);
  }

  /**
   * SIGTERM to the process and its descendants (collected first: orphans are no longer
   * descendants), then SIGKILL.
   */
  private static void stop(Process p) {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      for (ProcessHandle c : children) {
        if (c.isAlive()) {
          c.destroyForcibly();
        }
        c.onExit().get(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // a child that does not report its exit within 5 s after SIGKILL: nothing more to do from
      // here
    }
  }
}
