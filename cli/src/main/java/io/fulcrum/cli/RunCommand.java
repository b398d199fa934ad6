package io.fulcrum.cli;

import io.fulcrum.config.ConfigException;
import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.PipelineMetrics;
import io.fulcrum.app.StreamsApp;
import io.fulcrum.metrics.MetricsEndpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The Streams app against an existing Kafka: load config, build, start, wait for shutdown. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the detection pipeline against an existing Kafka cluster.",
        "Settings: defaults < --config file < FULCRUM_* environment variables (see README)."})
final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "Properties file (Kafka keys pass through).")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    FulcrumSettings settings = FulcrumSettings.load(config, System.getenv());
    if (!settings.kafka().containsKey("bootstrap.servers")) {
      throw new io.fulcrum.config.ConfigException("bootstrap.servers", "is required (set it in --config or FULCRUM_KAFKA_BOOTSTRAP_SERVERS)");
    }
    if (!settings.kafka().containsKey("schema.registry.url")) {
      throw new io.fulcrum.config.ConfigException("schema.registry.url", "is required (http://registry:8081, or mock://name for a single process)");
    }
    PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
    // Started first so a bad host/port fails before Kafka Streams joins the group; null when disabled.
    try (MetricsEndpoint endpoint = settings.metrics().startIfEnabled(registry)) {
      StreamsApp app = new StreamsApp(settings, new PipelineMetrics(registry)).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        app.close();
        if (endpoint != null) {
          endpoint.close();
        }
      }, "fulcrum-shutdown"));
      app.awaitStop();
      return app.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR ? 1 : 0;
    }
  }
}
