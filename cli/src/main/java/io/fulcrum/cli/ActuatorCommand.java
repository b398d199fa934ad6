package io.fulcrum.cli;

import io.fulcrum.actuator.ActuatorService;
import io.fulcrum.actuator.ActuatorSettings;
import io.fulcrum.config.ConfigException;
import io.fulcrum.metrics.MetricsEndpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The actuator against an existing Kafka: load config, build, start, wait for shutdown. */
@Command(name = "actuator", mixinStandardHelpOptions = true,
    description = {"Apply signed rollback commands to load balancers (HAProxy, nginx, webhook, dry-run).",
        "Settings: defaults < --config file < FULCRUM_* environment variables (see README, section Actuator)."})
final class ActuatorCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "Properties file (Kafka keys pass through).")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    ActuatorSettings settings = ActuatorSettings.load(config, System.getenv());
    for (String key : new String[] {"bootstrap.servers", "schema.registry.url"}) {
      if (!settings.kafka().containsKey(key)) {
        throw new ConfigException(key, "is required (set it in --config or FULCRUM_KAFKA_"
            + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_') + ")");
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
