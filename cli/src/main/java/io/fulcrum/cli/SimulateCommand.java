package io.fulcrum.cli;

import io.fulcrum.sim.HaproxyLogFormatter;
import io.fulcrum.sim.NginxLogFormatter;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.Scenarios;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimEvent;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.sim.SimRun;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a simulated incident as an access log plus a config-changes file, ready for {@code
 * replay}.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a simulated load-balancer incident as access.log and config-changes.jsonl.",
      "Scenarios: see --list. Output feeds 'fulcrum replay'."
    })
final class SimulateCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--scenario",
      defaultValue = "all-to-one",
      description = "Scenario name (default: ${DEFAULT-VALUE}).")
  String scenario;

  @Option(
      names = "--out",
      defaultValue = "fulcrum-sim",
      paramLabel = "DIR",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--format",
      defaultValue = "haproxy",
      paramLabel = "haproxy|nginx",
      description = "Log format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--rate",
      paramLabel = "REQ/S",
      description = "Request rate (default: the scenario's own).")
  Double rate;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--start",
      defaultValue = "2026-03-14T09:00:00Z",
      description = "Scenario start time (default: ${DEFAULT-VALUE}).")
  Instant start;

  @Option(names = "--list", description = "List the scenarios and exit.")
  boolean list;

  @Override
  public Integer call() throws IOException {
    if (list) {
      Scenarios.all()
          .forEach(
              s -> spec.commandLine().getOut().printf("%-24s %s%n", s.name(), s.description()));
      return 0;
    }
    if (!format.equals("haproxy") && !format.equals("nginx")) {
      throw new IllegalArgumentException("--format: '" + format + "' is not haproxy or nginx");
    }
    Scenario s = Scenarios.byName(scenario);
    SimRun run = s.events(start.toEpochMilli(), seed, rate == null ? 1.0 : s.multiplierFor(rate));
    Files.createDirectories(out);
    Path log = out.resolve("access.log");
    Path changes = out.resolve("config-changes.jsonl");
    HaproxyLogFormatter haproxy = new HaproxyLogFormatter();
    NginxLogFormatter nginx = new NginxLogFormatter(s.servers());
    StringBuilder sb = new StringBuilder(256);
    long lines = 0;
    try (BufferedWriter logOut = Files.newBufferedWriter(log);
        BufferedWriter changesOut = Files.newBufferedWriter(changes)) {
      while (run.hasNext()) {
        SimEvent e = run.next();
        if (e instanceof SimRequest r) {
          sb.setLength(0);
          if (format.equals("haproxy")) {
            haproxy.append(sb, r);
          } else {
            sb.append(nginx.format(r));
          }
          logOut.append(sb).append('\n');
          lines++;
        } else if (e instanceof SimConfigChange c) {
          // nginx logs name servers by upstream address: declare the weights under the same names.
          changesOut.write(json(c, format.equals("nginx") ? nginx.upstreamAddresses() : Map.of()));
          changesOut.newLine();
        }
      }
    }
    spec.commandLine()
        .getErr()
        .printf(
            "simulate: %s: %,d lines -> %s, config changes -> %s%n", s.name(), lines, log, changes);
    spec.commandLine().getErr().printf("simulate: expected: %s%n", s.expectation());
    return 0;
  }

  private static String json(SimConfigChange c, Map<String, String> rename) {
    String servers =
        c.weights() == null
            ? ""
            : ",\"servers\":"
                + new TreeMap<>(c.weights())
                    .entrySet().stream()
                        .map(
                            w ->
                                "\""
                                    + rename.getOrDefault(w.getKey(), w.getKey())
                                    + "\":"
                                    + w.getValue())
                        .collect(Collectors.joining(",", "{", "}"));
    String desc =
        c.description() == null
            ? ""
            : ",\"description\":\"" + c.description().replace("\"", "'") + "\"";
    return "{\"timestamp\":\""
        + Instant.ofEpochMilli(c.timestampMs())
        + "\",\"pool\":\""
        + c.pool()
        + "\",\"version\":\""
        + c.version()
        + "\""
        + servers
        + desc
        + "}";
  }
}
