package io.fulcrum.guard.rehearse;

import io.fulcrum.guard.LbConfig;
import io.fulcrum.guard.LbFormat;
import io.fulcrum.guard.Server;
import io.fulcrum.guard.check.CheckReport;
import io.fulcrum.guard.check.Finding;
import io.fulcrum.guard.check.GuardRules;
import io.fulcrum.guard.check.GuardSettings;
import io.fulcrum.guard.check.PoolDiff;
import io.fulcrum.guard.check.Rehearsed;
import io.fulcrum.guard.check.Shares;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the current config and the candidate, one after the other, in a real haproxy or nginx on
 * loopback, in front of stand-ins for their servers; sends the same requests through each and
 * measures where they went. The measured distribution is judged by the same rules as the
 * prediction. Nothing is left behind: processes, stand-ins and the temporary directory go, also
 * when something fails.
 */
public final class Rehearsal {
  private static final Logger log = LoggerFactory.getLogger(Rehearsal.class);
  private final GuardSettings settings;
  private final RequestSample sample;

  public Rehearsal(GuardSettings settings, RequestSample sample) {
    this.settings = settings;
    this.sample = sample;
  }

  /** Measured hits per pool and server, and the statuses the client saw. */
  record Run(
      Map<String, Map<String, Integer>> hits,
      Map<Integer, Integer> statuses,
      List<String> rewrites) {}

  public CheckReport rehearse(CheckReport report, String currentText, String candidateText)
      throws IOException {
    LbFormat format = report.format();
    Path binary = binary(format);
    Path dir = Files.createTempDirectory("fulcrum-rehearsal-");
    try {
      Run cur = run(format, binary, currentText, dir.resolve("current"), "the current config");
      Run cand = run(format, binary, candidateText, dir.resolve("candidate"), "the candidate");
      Map<String, Shares> sc = shares(cur);
      Map<String, Shares> sa = shares(cand);
      List<String> rewrites = new ArrayList<>(cand.rewrites());
      cur.rewrites().stream()
          .filter(r -> !rewrites.contains(r) && !r.contains("->"))
          .forEach(rewrites::add);
      rewrites.removeIf(r -> r.matches("(bind|listen) .* -> 127\\.0\\.0\\.1:\\d+"));
      Rehearsed r =
          new Rehearsed(
              version(binary, format),
              settings.rehearsalRequests(),
              sc,
              sa,
              cur.statuses(),
              cand.statuses(),
              rewrites);
      return report.withRehearsal(r, findings(report, r));
    } finally {
      deleteTree(dir);
    }
  }

  private Run run(LbFormat format, Path binary, String text, Path dir, String what)
      throws IOException {
    Files.createDirectories(dir.resolve("tmp"));
    LbConfig parsed = LbConfig.parse(format, text);
    try (StandIns standIns = new StandIns()) {
      Rewritten rw =
          format == LbFormat.HAPROXY
              ? new HaproxyRewriter(standIns, Rehearsal::freePort).rewrite(text, parsed)
              : new NginxRewriter(standIns, Rehearsal::freePort, dir).rewrite(text, parsed);
      if (rw.entries().isEmpty()) {
        throw new IllegalStateException(
            "rehearsal: " + what + " has no frontend or server block to send requests to");
      }
      Path file =
          Files.writeString(
              dir.resolve(format == LbFormat.HAPROXY ? "haproxy.cfg" : "nginx.conf"),
              rw.config(),
              StandardCharsets.UTF_8);
      List<String> base =
          format == LbFormat.HAPROXY
              ? List.of(binary.toString(), "-f", file.toString())
              : List.of(binary.toString(), "-p", dir.toString(), "-c", file.toString());
      List<String> check = new ArrayList<>(base);
      check.add(format == LbFormat.HAPROXY ? "-c" : "-t");
      LbProcess.validate(
          check, dir.resolve("check.log"), settings.rehearsalTimeout(), "rehearsal of " + what);
      List<String> start = new ArrayList<>(base);
      if (format == LbFormat.HAPROXY) {
        start.add("-db");
      }
      List<Integer> ports = rw.entries().stream().map(Rewritten.Entry::port).distinct().toList();
      Map<Integer, Integer> statuses = new TreeMap<>();
      try (LbProcess lb =
          LbProcess.start(start, dir.resolve("lb.log"), ports, settings.rehearsalTimeout())) {
        for (Rewritten.Entry e : rw.entries()) {
          for (int i = 0; i < settings.rehearsalRequests(); i++) {
            statuses.merge(HttpProbe.send(e.port(), sample.get(i), e.host()), 1, Integer::sum);
          }
        }
        if (!lb.isAlive()) {
          throw new IllegalStateException(
              "rehearsal of "
                  + what
                  + ": "
                  + binary.getFileName()
                  + " exited while requests were sent: "
                  + LbProcess.errors(dir.resolve("lb.log")));
        }
        log.debug(
            "rehearsal of {}: {} entry points, statuses {}", what, rw.entries().size(), statuses);
      }
      return new Run(standIns.hits(), statuses, rw.rewrites());
    }
  }

  private static Map<String, Shares> shares(Run run) {
    Map<String, Shares> m = new LinkedHashMap<>();
    run.hits().forEach((pool, hits) -> m.put(pool, Shares.measured(hits)));
    return m;
  }

  /**
   * The prediction's rules on what was measured, plus failed requests and pools the traffic no
   * longer reaches.
   */
  private List<Finding> findings(CheckReport report, Rehearsed r) {
    List<Finding> out = new ArrayList<>();
    for (PoolDiff d : report.pools()) {
      Shares before = r.current().get(d.pool());
      Shares after = r.candidate().get(d.pool());
      int hitsBefore = total(before);
      int hitsAfter = total(after);
      if (hitsAfter == 0 && hitsBefore > 0) {
        out.add(
            new Finding(
                d.pool(),
                Finding.Rule.ROUTING,
                Finding.Severity.WARN,
                "measured: no request reached "
                    + d.pool()
                    + " with the candidate (the current config sent it some)",
                true));
      }
      if (hitsAfter == 0 || hitsBefore == 0 || d.after() == null) {
        continue;
      }
      Set<String> backups =
          d.after().servers().stream()
              .filter(Server::backup)
              .map(Server::name)
              .collect(Collectors.toSet());
      out.addAll(
          GuardRules.evaluate(d.pool(), before, after, d.renames(), backups, settings, true));
    }
    int sent = r.statusesCandidate().values().stream().mapToInt(Integer::intValue).sum();
    int failedBefore = failed(r.statusesCurrent());
    int failedAfter = failed(r.statusesCandidate());
    if (failedAfter - failedBefore > sent / 10) {
      out.add(
          new Finding(
              "requests",
              Finding.Rule.NO_SERVER,
              Finding.Severity.BLOCK,
              "measured: "
                  + failedAfter
                  + " of "
                  + sent
                  + " requests failed with the candidate (current: "
                  + failedBefore
                  + "), statuses "
                  + r.statusesCandidate(),
              true));
    }
    return out;
  }

  private static int total(Shares s) {
    return s == null || s.receivers().isEmpty() ? 0 : 1;
  }

  private static int failed(Map<Integer, Integer> statuses) {
    return statuses.entrySet().stream()
        .filter(e -> e.getKey() == 0 || e.getKey() >= 500)
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  private Path binary(LbFormat format) {
    String name = format == LbFormat.HAPROXY ? settings.haproxyBinary() : settings.nginxBinary();
    return find(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "--rehearse needs "
                        + name
                        + ", which is not on "
                        + "PATH or in /usr/sbin (Debian: apt-get install "
                        + (format == LbFormat.HAPROXY ? "haproxy" : "nginx-light")
                        + "; or set fulcrum.guard."
                        + format.id()
                        + ".binary)"));
  }

  /**
   * A program by path, or by name on PATH and in the sbin directories (Debian puts haproxy and
   * nginx there).
   */
  public static Optional<Path> find(String program) {
    if (program.contains("/")) {
      return Optional.of(Path.of(program)).filter(Files::isExecutable);
    }
    List<String> dirs =
        new ArrayList<>(
            List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
    return dirs.stream()
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String version(Path binary, LbFormat format) {
    try {
      Process p = new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(?:version |nginx/)(\\d+\\.\\d+(?:\\.\\d+)?)")
              .matcher(out);
      return format.id() + (m.find() ? " " + m.group(1) : "");
    } catch (IOException e) {
      return format.id();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return format.id();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not remove {}: {}", dir, e.getMessage());
    }
  }
}
