package io.fulcrum.actuator;

import io.fulcrum.config.ConfigCommand;
import io.fulcrum.config.ConfigException;
import io.fulcrum.metrics.MetricsEndpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The actuator against an existing Kafka, until it stops: {@code ./fulcrum actuator}, and the JVM
 * that tests start and kill like a real deployment.
 */
public final class ActuatorMain {
  private ActuatorMain() {}

  /**
   * {@code ActuatorMain CONFIG_FILE}: settings from the file and {@code FULCRUM_*} variables. The
   * container image runs {@code ActuatorMain actuator --config FILE}, the words of {@code ./fulcrum
   * actuator} (see {@link #command}).
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("actuator")) {
      System.exit(command(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.err));
    }
    if (args.length != 1) {
      System.err.println("usage: ActuatorMain CONFIG_FILE");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0]), System.getenv()));
  }

  /**
   * {@code actuator [--config FILE]} with the exit codes of {@code ./fulcrum actuator}: see {@link
   * ConfigCommand}.
   */
  static int command(String[] args, Map<String, String> env, PrintStream err)
      throws InterruptedException {
    return ConfigCommand.run("actuator", args, err, config -> run(config, env));
  }

  /**
   * Loads settings, starts the metrics endpoint and the actuator, and blocks until it stops: 1 if
   * it failed.
   */
  public static int run(Path config, Map<String, String> env) throws InterruptedException {
    ActuatorSettings settings = ActuatorSettings.load(config, env);
    for (String key : new String[] {"bootstrap.servers", "schema.registry.url"}) {
      if (!settings.kafka().containsKey(key)) {
        throw new ConfigException(
            key,
            "is required (set it in --config or FULCRUM_KAFKA_"
                + key.toUpperCase(Locale.ROOT).replace('.', '_')
                + ")");
      }
    }
    PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
    ActuatorService service = new ActuatorService(settings, Map.of(), registry);
    try (MetricsEndpoint endpoint = settings.metrics().startIfEnabled(registry)) {
      service.start();
      Runtime.getRuntime().addShutdownHook(new Thread(service::close, "fulcrum-actuator-shutdown"));
      service.awaitStop();
      return service.failure().isPresent() ? 1 : 0;
    }
  }
}
