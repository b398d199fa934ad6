package io.fulcrum.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.InputLagMonitor;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.metrics.MetricsEndpoint;
import io.fulcrum.remediate.RemediationOutput.Suppression;
import io.fulcrum.sim.Scenarios;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every query of the Grafana dashboard in {@code deploy/grafana} names a metric the app really
 * exports: the pipeline's own registrations, driven through an incident and its rollback, and the
 * input-lag monitor measuring a real broker, scraped in Prometheus' text format.
 */
class GrafanaDashboardIT {
  @RegisterExtension static final KafkaClusterExtension kafka = new KafkaClusterExtension();

  private static final Pattern METRIC = Pattern.compile("\\b(fulcrum_[a-z0-9_]+)\\b");
  private static final long START = 1_781_000_000_000L;

  @Test
  void everyQueryOfTheDashboardNamesAnExportedMetric() throws Exception {
    PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
    try (ReplayDriver driver = new ReplayDriver(FulcrumSettings.defaultsWith(Map.of()), registry)) {
      driver.line("not an access log line", START);
      SimFeeder.play(
          Scenarios.byName("all-to-one").events(START, 1),
          driver,
          SimFeeder.Input.HAPROXY,
          e -> {
            if (driver.hasCommands()) {
              for (RollbackCommand c : driver.commands()) {
                ReplayActuator.respond(c, ReplayActuator.Mode.APPLIED)
                    .ifPresent(driver::remediationResult);
              }
            }
          });
      // events the scenario cannot provoke, through the same registrations the app uses
      driver.metrics().suppressed(Suppression.NO_KNOWN_GOOD);
      driver.metrics().late("be_web", 3);
      driver.metrics().sourceLeftOut("0_1");
    }
    String topic = kafka.uniqueName("lines");
    kafka.createTopics(2, topic);
    try (InputLagMonitor lag =
        InputLagMonitor.start(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            kafka.uniqueName("app"),
            List.of(topic),
            registry)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> registry.scrape().contains("fulcrum_input_lag{"));
    }
    Set<String> exported = sampleNames(registry.scrape());

    Set<String> queried = new TreeSet<>();
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(Files.readString(repoFile("deploy/grafana/dashboards/fulcrum.json")));
    dashboard.findValues("expr").forEach(e -> queried.addAll(names(e.asText())));
    dashboard.findValues("definition").forEach(e -> queried.addAll(names(e.asText())));

    assertThat(queried).as("metrics the dashboard queries").hasSizeGreaterThan(10);
    assertThat(exported).as("metrics the app exports").containsAll(queried);
  }

  private static Set<String> names(String promql) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(promql);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Sample names of the text exposition format (the part before the labels or the value). */
  private static Set<String> sampleNames(String scrape) {
    Set<String> out = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(line.split("[{ ]", 2)[0]);
      }
    }
    return out;
  }

  private static Path repoFile(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
  }
}
