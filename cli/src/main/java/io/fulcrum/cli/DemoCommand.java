package io.fulcrum.cli;

import io.fulcrum.config.RawConfig;
import io.fulcrum.demo.Demo;
import io.fulcrum.demo.DemoConfig;
import io.fulcrum.demo.DemoScenario;
import io.fulcrum.demo.DemoScenarios;
import io.fulcrum.demo.LbMode;
import io.fulcrum.demo.view.Terminal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole story on one machine: embedded Kafka, Streams app, actuator, load balancer, traffic,
 * live view.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Watch Fulcrum catch and undo a load-balancer misconfiguration, all in this process:",
      "an embedded Kafka broker, the Streams app, the actuator, a load balancer (real HAProxy when it is on PATH,",
      "else a simulated one) and a load generator. Ends with the incident timeline (MTTD, MTTR); exits 0 when",
      "the story completed, 1 when it did not within --duration.",
      ""
    })
final class DemoCommand implements Callable<Integer> {
  static final Path LOG_FILE = Path.of(System.getProperty("java.io.tmpdir"), "fulcrum-demo.log");

  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      defaultValue = DemoScenarios.DEFAULT,
      description = "Story to play (default: ${DEFAULT-VALUE}); --list shows them all.")
  String scenario;

  @Option(names = "--list", description = "List the scenarios and exit.")
  boolean list;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "150s",
      description =
          "Give up (exit 1) when the story has not completed this long after the traffic starts "
              + "(default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--keep-running",
      description = "After the story, keep the traffic and the view going until Ctrl-C.")
  boolean keepRunning;

  @Option(
      names = "--no-color",
      description = "Plain, append-only lines (also when stdout is not a terminal).")
  boolean noColor;

  @Option(
      names = "--lb",
      paramLabel = "auto|haproxy|simulated",
      defaultValue = "auto",
      description =
          "Load balancer: real HAProxy (auto when haproxy is on PATH) or the simulated one "
              + "(default: ${DEFAULT-VALUE}).")
  String lb;

  @Option(
      names = "--guarded",
      description =
          "Deploy through the change guard (as fulcrum deploy): the bad config is "
              + "blocked, forced with a reason, and announced by the deploy itself rather than by the scenario's script. "
              + "Needs the real HAProxy.")
  boolean guarded;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      DemoScenarios.all().forEach(s -> out.printf("%-20s %s%n", s.name(), s.story()));
      out.flush();
      return 0;
    }
    DemoConfig config = config(Terminal.interactive(System.getenv()));
    DemoLogging.toFile(LOG_FILE);
    System.out.println("fulcrum demo: logs go to " + LOG_FILE);
    Demo demo = new Demo(config, System.out, Terminal.columns(System.getenv()));
    Thread hook = new Thread(demo::close, "fulcrum-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return demo.run();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is running
      }
    }
  }

  /** The options as a demo config; a bad value fails naming its option. */
  DemoConfig config(boolean interactive) {
    DemoScenario s = DemoScenarios.byName(scenario);
    Duration d = RawConfig.parseDuration(duration);
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(
          "--duration: '" + duration + "' is not a duration (e.g. 150s, 3m)");
    }
    try {
      return DemoConfig.defaults(s)
          .withLb(LbMode.parse(lb))
          .withView(interactive && !noColor, keepRunning)
          .withDuration(d)
          .withGuardedDeploys(guarded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().startsWith("--") ? e.getMessage() : "--duration: " + e.getMessage());
    }
  }
}
