package io.fulcrum.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.actuator.ActuatorSettings;
import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.metrics.MetricsSettings;
import io.fulcrum.testkit.RequiredPrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml as docker-compose itself renders it (Debian's docker-compose 1.29: there is no
 * Docker engine here, so the stack is validated, not run), checked against the files it mounts:
 * topics created explicitly, no auto-creation, the secret from the environment, Prometheus pointed
 * at the apps' ports.
 */
class DockerComposeFileTest {
  private static final String SECRET = "compose-test-secret-0123456789abcdef";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private Path dockerCompose;

  @BeforeEach
  void requireDockerCompose() {
    dockerCompose = RequiredPrograms.require("docker-compose", "docker-compose");
  }

  @Test
  void composeFileIsValid() throws Exception {
    StackFiles.Result r = compose(envFile("FULCRUM_SIGNING_SECRET=" + SECRET), "config", "-q");

    assertThat(r.exit()).as(r.describe()).isZero();
  }

  @Test
  void refusesToRenderWithoutASigningSecret() throws Exception {
    StackFiles.Result r = compose(envFile(""), "config", "-q");

    assertThat(r.exit()).as(r.describe()).isNotZero();
    assertThat(r.err()).contains("FULCRUM_SIGNING_SECRET").contains(".env.example");
  }

  @Test
  void theBrokerNeverCreatesTopicsByItself() throws Exception {
    JsonNode kafka = rendered().path("services").path("kafka");

    assertThat(kafka.path("environment").path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText())
        .isEqualTo("false");
  }

  @Test
  void initContainerCreatesEveryTopicTheStackUses() throws Exception {
    JsonNode services = rendered().path("services");
    Set<String> created = StackFiles.topics(StackFiles.file("deploy/kafka/topics.txt")).keySet();
    Set<String> used = new TreeSet<>(streamsSettings().topics().all());
    Properties worker = StackFiles.properties(StackFiles.file("deploy/connect/worker.properties"));
    for (String key :
        List.of("config.storage.topic", "offset.storage.topic", "status.storage.topic")) {
      used.add(worker.getProperty(key));
    }
    used.add(
        services
            .path("schema-registry")
            .path("environment")
            .path("SCHEMA_REGISTRY_KAFKASTORE_TOPIC")
            .asText());
    used.addAll(connectorTopics());
    used.add(
        StackFiles.properties(StackFiles.file("deploy/fulcrum/actuator.properties"))
            .getProperty("fulcrum.topic.actuator-ledger"));

    assertThat(used).doesNotContainNull().doesNotContain("");
    assertThat(created).as("topics in deploy/kafka/topics.txt").containsAll(used);
    JsonNode init = services.path("kafka-init");
    assertThat(init.path("entrypoint").toString()).contains("/deploy/kafka/create-topics.sh");
    assertThat(init.path("environment").path("TOPICS_FILE").asText())
        .isEqualTo("/deploy/kafka/topics.txt");
    assertThat(init.path("volumes").toString())
        .contains(StackFiles.root().resolve("deploy/kafka") + ":/deploy/kafka");
  }

  @Test
  void everyKafkaClientWaitsForTheTopics() throws Exception {
    JsonNode services = rendered().path("services");

    for (String client :
        List.of("schema-registry", "connect", "streams-app", "actuator", "lb-announce-initial")) {
      assertThat(
              services
                  .path(client)
                  .path("depends_on")
                  .path("kafka-init")
                  .path("condition")
                  .asText())
          .as(client)
          .isEqualTo("service_completed_successfully");
    }
  }

  @Test
  void theSigningSecretComesFromTheEnvironmentOnly() throws Exception {
    JsonNode services = rendered().path("services");

    for (String app : List.of("streams-app", "actuator")) {
      assertThat(services.path(app).path("environment").path("FULCRUM_SIGNING_SECRET").asText())
          .as(app)
          .isEqualTo(SECRET);
    }
    List<Properties> configs = new ArrayList<>();
    for (String file :
        List.of("deploy/fulcrum/streams.properties", "deploy/fulcrum/actuator.properties")) {
      configs.add(StackFiles.properties(StackFiles.file(file)));
      assertThat(configs.get(configs.size() - 1))
          .as(file)
          .doesNotContainKey("fulcrum.signing.secret");
    }
    assertThat(configs)
        .as("the actuator verifies with the key id the Streams app signs with")
        .extracting(p -> p.getProperty("fulcrum.signing.key-id"))
        .containsOnly(streamsSettings().remediation().orElseThrow().keyId());
    for (String dockerfile : List.of("streams-app/Dockerfile", "actuator/Dockerfile")) {
      assertThat(Files.readString(StackFiles.file(dockerfile)))
          .as(dockerfile)
          .doesNotContain("SIGNING_SECRET", "signing.secret");
    }
  }

  @Test
  void prometheusScrapesBothAppsOnTheirConfiguredMetricsPorts() throws Exception {
    FulcrumSettings streams = streamsSettings();
    Properties actuator =
        StackFiles.properties(StackFiles.file("deploy/fulcrum/actuator.properties"));
    JsonNode prometheus = StackFiles.yaml(StackFiles.file("deploy/prometheus/prometheus.yml"));
    List<String> targets = new ArrayList<>();
    prometheus
        .path("scrape_configs")
        .forEach(
            job ->
                job.path("static_configs")
                    .forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText()))));

    assertThat(streams.metrics().enabled()).isTrue();
    assertThat(streams.metrics().host())
        .as("reachable from the prometheus container")
        .isEqualTo("0.0.0.0");
    assertThat(targets)
        .contains(
            "streams-app:" + streams.metrics().port(),
            "actuator:" + actuator.getProperty("fulcrum.metrics.port"));
    assertThat(actuator.getProperty("fulcrum.metrics.host")).isEqualTo("0.0.0.0");
  }

  @Test
  void theAppsRunWithTheMountedConfig() throws Exception {
    JsonNode services = rendered().path("services");

    assertThat(Files.readString(StackFiles.file("streams-app/Dockerfile")))
        .as("the Streams app's own main and classpath")
        .contains(
            "io.fulcrum.app.StreamsAppMain",
            "\"run\", \"--config\", \"/etc/fulcrum/fulcrum.properties\"",
            "-pl streams-app dependency:copy-dependencies -DincludeScope=runtime")
        .doesNotContain("-pl cli", "FulcrumCli");
    assertThat(Files.readString(StackFiles.file("actuator/Dockerfile")))
        .as("the actuator's own main and classpath")
        .contains(
            "io.fulcrum.actuator.ActuatorMain",
            "\"actuator\", \"--config\", \"/etc/fulcrum/fulcrum.properties\"",
            "-pl actuator dependency:copy-dependencies -DincludeScope=runtime")
        .doesNotContain("-pl cli", "FulcrumCli");
    assertThat(services.path("streams-app").path("volumes").toString())
        .contains("deploy/fulcrum/streams.properties:/etc/fulcrum/fulcrum.properties:ro");
    assertThat(services.path("actuator").path("volumes").toString())
        .contains("deploy/fulcrum/actuator.properties:/etc/fulcrum/fulcrum.properties:ro");
    assertThat(services.path("connect").path("volumes").toString())
        .contains(
            StackFiles.root().resolve("connectors/target/plugin")
                + ":/opt/fulcrum/connect-plugins:ro");
  }

  @Test
  void grafanaProvisionsTheDashboardOnTheStacksPrometheus() throws Exception {
    JsonNode grafana = rendered().path("services").path("grafana");
    JsonNode datasource =
        StackFiles.yaml(StackFiles.file("deploy/grafana/provisioning/datasources/prometheus.yml"))
            .path("datasources")
            .get(0);
    JsonNode provider =
        StackFiles.yaml(StackFiles.file("deploy/grafana/provisioning/dashboards/fulcrum.yml"))
            .path("providers")
            .get(0);
    JsonNode dashboard =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(Files.readString(StackFiles.file("deploy/grafana/dashboards/fulcrum.json")));

    assertThat(grafana.path("volumes").toString())
        .contains(
            "deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
            "deploy/grafana/dashboards:" + provider.path("options").path("path").asText() + ":ro");
    assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(dashboard.findValues("uid"))
        .extracting(JsonNode::asText)
        .contains(datasource.path("uid").asText())
        .allMatch(
            u ->
                u.equals(datasource.path("uid").asText())
                    || u.equals(dashboard.path("uid").asText()));
    List<Integer> ids = new ArrayList<>();
    dashboard.path("panels").forEach(p -> ids.add(p.path("id").asInt()));
    assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(10);
  }

  @Test
  void theActuatorConfigLoadsAndRoutesTheDemoPoolToHaproxy() throws Exception {
    RequiredPrograms.require("haproxy", "haproxy");
    // The store exists only inside the containers; everything else is loaded as the actuator would.
    ActuatorSettings actuator =
        ActuatorSettings.load(
            StackFiles.file("deploy/fulcrum/actuator.properties"),
            Map.of("FULCRUM_SIGNING_SECRET", SECRET, "FULCRUM_HAPROXY_STORE", tmp.toString()));

    assertThat(actuator.routes().backendFor("be_web")).isEqualTo("haproxy");
    assertThat(actuator.haproxy().orElseThrow().masterSocket())
        .hasToString("/var/run/haproxy/master.sock");
    assertThat(actuator.haproxy().orElseThrow().baseConfig())
        .containsExactly(Path.of("/usr/local/etc/haproxy/haproxy.cfg"));
    assertThat(rendered().path("services").path("actuator").path("volumes").toString())
        .contains(
            ":/usr/local/etc/haproxy/haproxy.cfg:ro",
            "lb-store:/var/lib/fulcrum/lb-store",
            "haproxy-run:/var/run/haproxy");
    assertThat(StackFiles.topics(StackFiles.file("deploy/kafka/topics.txt")))
        .containsKey(actuator.ledgerTopic());
    assertThat(actuator.metrics()).isEqualTo(new MetricsSettings(true, "0.0.0.0", 9405));
  }

  /** The sample Streams config as the app loads it, with the secret compose passes in. */
  private static FulcrumSettings streamsSettings() {
    return FulcrumSettings.load(
        StackFiles.file("deploy/fulcrum/streams.properties"),
        Map.of("FULCRUM_SIGNING_SECRET", SECRET));
  }

  private static Set<String> connectorTopics() throws IOException {
    Set<String> topics = new TreeSet<>();
    try (var files = Files.list(StackFiles.file("deploy/connect/connectors"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        JsonNode c = StackFiles.YAML.readTree(f.toFile());
        for (String key : List.of("topic", "topics")) {
          if (c.hasNonNull(key)) {
            for (String t : c.get(key).asText().split(",")) {
              topics.add(t.trim());
            }
          }
        }
      }
    }
    assertThat(topics).as("connector topics").isNotEmpty();
    return topics;
  }

  private JsonNode rendered() throws Exception {
    StackFiles.Result r = compose(envFile("FULCRUM_SIGNING_SECRET=" + SECRET), "config");
    assertThat(r.exit()).as(r.describe()).isZero();
    return StackFiles.YAML.readTree(r.out());
  }

  /** An env file of our own, so a developer's .env or shell variables cannot change the outcome. */
  private Path envFile(String content) throws IOException {
    return Files.writeString(Files.createTempFile(tmp, "compose", ".env"), content + "\n");
  }

  private StackFiles.Result compose(Path envFile, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                dockerCompose.toString(),
                "--env-file",
                envFile.toString(),
                "-f",
                StackFiles.file("docker-compose.yml").toString()));
    cmd.addAll(List.of(args));
    Map<String, String> env = new HashMap<>();
    env.put("FULCRUM_SIGNING_SECRET", null);
    env.put("KAFKA_IMAGE", null);
    return StackFiles.run(cmd, env, tmp, TIMEOUT);
  }
}
