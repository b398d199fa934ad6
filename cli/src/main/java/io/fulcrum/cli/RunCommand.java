package io.fulcrum.cli;

import io.fulcrum.app.StreamsAppMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The Streams app against an existing Kafka: load config, build, start, wait for shutdown. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the detection pipeline against an existing Kafka cluster.",
      "Settings: defaults < --config file < FULCRUM_* environment variables (see docs/configuration.md)."
    })
final class RunCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file (Kafka keys pass through).")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    return StreamsAppMain.run(config, System.getenv());
  }
}
