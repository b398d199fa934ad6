package io.fulcrum.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real peers (haproxy, prometheus, Confluent's Python client, ...) come from Debian packages that
 * {@code .ci/run} installs. On a laptop without them a test skips; with {@code CI=true} it fails,
 * so CI can never go green by skipping the proof.
 */
public final class RequiredPrograms {
  private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

  private RequiredPrograms() {}

  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** The program's path, or skip (laptop) / fail (CI) naming the Debian package to install. */
  public static Path require(String program, String debianPackage) {
    Optional<Path> found = find(program);
    if (found.isEmpty()) {
      missing(program + " not found on PATH", debianPackage);
    }
    return found.orElseThrow();
  }

  /**
   * Debian's python3 with the given modules importable (the pyenv python3 on PATH cannot see them).
   */
  public static Path requirePython(String debianPackages, String... modules) {
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python)) {
      missing("/usr/bin/python3 not found", "python3");
    }
    List<String> cmd =
        new ArrayList<>(List.of(python.toString(), "-c", "import " + String.join(", ", modules)));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        missing(
            "python modules " + List.of(modules) + " not importable: " + out.strip(),
            debianPackages);
      }
    } catch (Exception e) {
      missing("could not run " + python + ": " + e, debianPackages);
    }
    return python;
  }

  public static Optional<Path> find(String program) {
    List<String> dirs =
        new ArrayList<>(
            List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(EXTRA_DIRS);
    return dirs.stream()
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static void missing(String what, String debianPackage) {
    String msg = what + " (apt-get install " + debianPackage + ")";
    if (inCi()) {
      Assertions.fail("CI=true and a required peer is missing: " + msg);
    }
    Assumptions.abort("skipped: " + msg);
  }
}
