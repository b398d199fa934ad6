package io.fulcrum.actuator.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a program with an argument list (never through a shell) and a time limit. */
public final class Processes {
  private static final int MAX_OUTPUT_CHARS = 2000;

  /**
   * Exit code and the combined stdout and stderr (the last {@value #MAX_OUTPUT_CHARS} characters).
   */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private Processes() {}

  public static Result run(List<String> command, Duration timeout) throws BackendException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new BackendException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new BackendException(
            command.get(0) + " did not finish within " + timeout.toMillis() + " ms");
      }
      return new Result(p.exitValue(), tail(output.get(timeout.toMillis(), TimeUnit.MILLISECONDS)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new BackendException("interrupted while running " + command.get(0), e);
    } catch (ExecutionException | TimeoutException e) {
      return new Result(p.exitValue(), "(output unreadable: " + e + ")");
    }
  }

  /**
   * Stops a process we started and everything it started (SIGTERM, then SIGKILL after {@code
   * grace}).
   */
  public static void stopTree(Process p, Duration grace) {
    // Children are no longer descendants once their parent is gone: collect them first.
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }

  private static String tail(String s) {
    String t = s.strip();
    return t.length() <= MAX_OUTPUT_CHARS ? t : "..." + t.substring(t.length() - MAX_OUTPUT_CHARS);
  }
}
