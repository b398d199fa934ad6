package io.fulcrum.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The whole compose flow on a Docker engine: the load generator's requests through the demo
 * HAProxy, its access log through the access-log connector into Kafka, the Streams app's windows,
 * scraped by the stack's Prometheus. Skipped where there is no Docker engine (as on the CI machine
 * this was written on, so it has not run there). Needs connectors/target/plugin, which `mvn verify`
 * builds before this module.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeStackIT {
  private static final Duration STARTUP = Duration.ofMinutes(20);

  @Container
  static final ComposeContainer STACK =
      new ComposeContainer(StackFiles.file("docker-compose.yml").toFile())
          .withEnv("FULCRUM_SIGNING_SECRET", UUID.randomUUID() + "-" + UUID.randomUUID())
          .withBuild(true)
          .withExposedService(
              "prometheus", 9090, Wait.forHttp("/-/ready").withStartupTimeout(STARTUP))
          .withStartupTimeout(STARTUP);

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void demoTrafficShowsUpInPrometheusAsTheShareOfEachBackend() {
    await(
            "fulcrum_pool_share of be_web in the stack's Prometheus (is connectors/target/plugin built?)")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Map<String, Double> shares = new HashMap<>();
              for (JsonNode s : query("fulcrum_pool_share{pool=\"be_web\"}")) {
                shares.put(
                    s.path("metric").path("server").asText(), s.path("value").get(1).asDouble());
              }
              assertThat(shares).containsOnlyKeys("web-1", "web-2", "web-3", "web-4");
              // v41 balances round-robin over four servers.
              shares.values().forEach(share -> assertThat(share).isCloseTo(0.25, within(0.1)));
            });
  }

  private JsonNode query(String promql) throws Exception {
    URI uri =
        URI.create(
            "http://"
                + STACK.getServiceHost("prometheus", 9090)
                + ":"
                + STACK.getServicePort("prometheus", 9090)
                + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body()).path("data").path("result");
  }
}
