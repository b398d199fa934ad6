package io.fulcrum.app;

import io.fulcrum.config.ConfigCommand;
import io.fulcrum.config.ConfigException;
import io.fulcrum.metrics.MetricsEndpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Streams app against an existing Kafka, until it stops: {@code ./fulcrum run}, and the JVM
 * that tests and {@code ./fulcrum chaos} start, kill and restart like a real deployment.
 */
public final class StreamsAppMain {
  private StreamsAppMain() {}

  /**
   * {@code StreamsAppMain CONFIG_FILE}: settings from the file and {@code FULCRUM_*} variables. The
   * container image runs {@code StreamsAppMain run --config FILE}, the words of {@code ./fulcrum
   * run} (see {@link #runCommand}).
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("run")) {
      System.exit(
          runCommand(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.err));
    }
    if (args.length != 1) {
      System.err.println("usage: StreamsAppMain CONFIG_FILE");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0]), System.getenv()));
  }

  /**
   * {@code run [--config FILE]} as {@code ./fulcrum run} takes it, with its exit codes: 2 and a
   * one-line reason on stderr for a usage or settings error, else what {@link #run} returns.
   */
  static int runCommand(String[] args, Map<String, String> env, PrintStream err)
      throws InterruptedException {
    return ConfigCommand.run("run", args, err, config -> run(config, env));
  }

  /**
   * Loads settings, starts the metrics endpoint and the app, and blocks until the app stops: 1 if
   * it failed.
   */
  public static int run(Path config, Map<String, String> env) throws InterruptedException {
    FulcrumSettings settings = FulcrumSettings.load(config, env);
    if (!settings.kafka().containsKey("bootstrap.servers")) {
      throw new ConfigException(
          "bootstrap.servers",
          "is required (set it in --config or FULCRUM_KAFKA_BOOTSTRAP_SERVERS)");
    }
    if (!settings.kafka().containsKey("schema.registry.url")) {
      throw new ConfigException(
          "schema.registry.url",
          "is required (http://registry:8081, or mock://name for a single process)");
    }
    PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
    // Started first so a bad host/port fails before Kafka Streams joins the group; null when
    // disabled.
    try (MetricsEndpoint endpoint = settings.metrics().startIfEnabled(registry)) {
      StreamsApp app = new StreamsApp(settings, new PipelineMetrics(registry)).start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    app.close();
                    if (endpoint != null) {
                      endpoint.close();
                    }
                  },
                  "fulcrum-shutdown"));
      app.awaitStop();
      return app.state() == KafkaStreams.State.ERROR ? 1 : 0;
    }
  }
}
