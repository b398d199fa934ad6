package io.fulcrum.cli;

import io.fulcrum.config.RawConfig;
import io.fulcrum.guard.LbConfig;
import io.fulcrum.guard.LbFormat;
import io.fulcrum.guard.check.ChangeGuard;
import io.fulcrum.guard.check.CheckReport;
import io.fulcrum.guard.check.GuardSettings;
import io.fulcrum.guard.check.ReportJson;
import io.fulcrum.guard.check.ReportText;
import io.fulcrum.guard.rehearse.Rehearsal;
import io.fulcrum.guard.rehearse.RequestSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The change guard: a candidate LB config against the running one, before it is deployed. */
// No mixinStandardHelpOptions: its -V/--version would clash with --version V (a store version).
@Command(
    name = "check",
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Check a candidate load-balancer config against the running one before deploying it.",
      "Compares every pool (HAProxy backend/listen, nginx upstream): servers added, removed or renamed, weight,",
      "disabled/down, backup, address and balance changes, duplicate addresses, routing from frontends, and the",
      "predicted share of traffic per server before and after. Blocks the change when a server's share grows by",
      "more than 1.5x and 10 points, a pool loses more than 34%% of its serving capacity, or traffic would reach",
      "only backups or only one server of several (thresholds: --config, docs/change-guard.md).",
      "With --rehearse, both configs also run in a real haproxy/nginx on loopback in front of stand-in servers,",
      "and the measured distribution is judged by the same rules.",
      "",
      "Exit codes: 0 pass, 1 blocked, 2 bad input (unreadable or invalid config, unknown pool or version).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  fulcrum check --format haproxy --current /etc/haproxy/haproxy.cfg --candidate new.cfg",
      "  fulcrum check --store /var/lib/fulcrum/lb-store --pool be_web --version v42 --rehearse",
      "  fulcrum check --format nginx --current nginx.conf --candidate new.conf --json"
    })
final class CheckCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--format",
      paramLabel = "haproxy|nginx",
      description =
          "Config format (default: from the file name, .cfg HAProxy and .conf nginx, or its content).")
  String format;

  @Option(names = "--current", paramLabel = "FILE", description = "The running config.")
  Path current;

  @Option(
      names = "--candidate",
      paramLabel = "FILE",
      description = "The config about to be deployed.")
  Path candidate;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description =
          "A config store (versions/<pool>/<v>.cfg|.conf, active/<pool>.cfg|.conf): check --version of "
              + "--pool against the pool's active version.")
  Path store;

  @Option(
      names = "--version",
      paramLabel = "V",
      description = "With --store: the candidate version, e.g. v42.")
  String version;

  @Option(
      names = "--pool",
      paramLabel = "NAME",
      description = "Only this pool (and the routes to it).")
  String pool;

  @Option(
      names = "--json",
      description = "One JSON object on stdout instead of lines (same content).")
  boolean json;

  @Option(
      names = "--rehearse",
      description = "Also run both configs in a real haproxy/nginx on loopback and measure.")
  boolean rehearse;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description =
          "Rehearsal requests per entry point and config (default: fulcrum.guard.rehearsal.requests, 400).")
  Integer requests;

  @Option(
      names = "--sample-log",
      paramLabel = "FILE",
      description =
          "Rehearsal paths and Host headers from an HAProxy or nginx access log (request lines).")
  Path sampleLog;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file with fulcrum.guard.* thresholds; FULCRUM_GUARD_* variables override it.")
  Path config;

  @Override
  public Integer call() throws IOException {
    GuardSettings settings = settings();
    LbFormat f = format == null ? null : LbFormat.parse(format);
    Path[] files = files(f);
    LbConfig cur = LbConfig.read(files[0], f);
    LbConfig cand = LbConfig.read(files[1], f == null ? cur.format() : f);
    if (cur.format() != cand.format()) {
      throw new IllegalArgumentException(
          files[0]
              + " reads as "
              + cur.format()
              + " but "
              + files[1]
              + " as "
              + cand.format()
              + "; give --format");
    }
    CheckReport report = new ChangeGuard(settings).check(cur, cand, pool);
    if (rehearse) {
      RequestSample sample =
          sampleLog == null ? RequestSample.DEFAULT : RequestSample.read(sampleLog);
      report =
          new Rehearsal(settings, sample)
              .rehearse(report, Files.readString(files[0]), Files.readString(files[1]));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(ReportJson.of(report));
    } else {
      out.println("fulcrum check: " + files[0] + " -> " + files[1] + " (" + cand.format() + ")");
      ReportText.lines(report).forEach(out::println);
    }
    out.flush();
    return report.exitCode();
  }

  /**
   * Defaults, then --config, then FULCRUM_GUARD_* (other FULCRUM_* variables belong to other
   * commands).
   */
  GuardSettings settings() {
    Map<String, String> env =
        System.getenv().entrySet().stream()
            .filter(e -> e.getKey().startsWith("FULCRUM_GUARD_"))
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    GuardSettings s =
        GuardSettings.from(RawConfig.load(GuardSettings.DEFAULTS, config, env).asMap());
    if (requests != null) {
      if (requests < 10) {
        throw new IllegalArgumentException("--requests: must be at least 10, got " + requests);
      }
      s = s.withRequests(requests);
    }
    return s;
  }

  /** The current and candidate files, from --current/--candidate or from the store. */
  private Path[] files(LbFormat f) {
    if (store == null) {
      if (current == null || candidate == null || version != null) {
        throw new IllegalArgumentException(
            "give --current FILE and --candidate FILE, or --store DIR --pool NAME "
                + "--version V");
      }
      return new Path[] {current, candidate};
    }
    if (current != null || candidate != null || pool == null || version == null) {
      throw new IllegalArgumentException(
          "--store needs --pool NAME and --version V (and no --current/--candidate)");
    }
    if (!Files.isDirectory(store)) {
      throw new IllegalArgumentException("--store: " + store + " is not a directory");
    }
    String ext =
        f == LbFormat.NGINX
            ? ".conf"
            : f == LbFormat.HAPROXY
                ? ".cfg"
                : Files.exists(store.resolve("active").resolve(pool + ".conf")) ? ".conf" : ".cfg";
    Path active = store.resolve("active").resolve(pool + ext);
    Path cand = store.resolve("versions").resolve(pool).resolve(version + ext);
    if (!Files.exists(active)) {
      throw new IllegalArgumentException(
          "--store: pool " + pool + " has no active version (" + active + " is missing)");
    }
    if (!Files.isRegularFile(cand)) {
      throw new IllegalArgumentException(
          "--store: no version "
              + version
              + " of pool "
              + pool
              + " in "
              + store
              + " (versions: "
              + versions(store.resolve("versions").resolve(pool), ext)
              + ")");
    }
    return new Path[] {active, cand};
  }

  private static String versions(Path dir, String ext) {
    if (!Files.isDirectory(dir)) {
      return "none";
    }
    try (Stream<Path> s = Files.list(dir)) {
      String v =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(ext))
              .map(n -> n.substring(0, n.length() - ext.length()))
              .sorted()
              .collect(Collectors.joining(", "));
      return v.isEmpty() ? "none" : v;
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }
}
