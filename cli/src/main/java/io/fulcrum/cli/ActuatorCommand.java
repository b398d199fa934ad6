package io.fulcrum.cli;

import io.fulcrum.actuator.ActuatorMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The actuator against an existing Kafka: load config, build, start, wait for shutdown. */
@Command(
    name = "actuator",
    mixinStandardHelpOptions = true,
    description = {
      "Apply signed rollback commands to load balancers (HAProxy, nginx, webhook, dry-run).",
      "Settings: defaults < --config file < FULCRUM_* environment variables (see docs/actuator.md)."
    })
final class ActuatorCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file (Kafka keys pass through).")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    return ActuatorMain.run(config, System.getenv());
  }
}
