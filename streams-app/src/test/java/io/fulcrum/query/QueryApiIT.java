package io.fulcrum.query;

import static io.fulcrum.query.QueryApiFixture.freePort;
import static io.fulcrum.query.QueryApiFixture.get;
import static io.fulcrum.query.QueryApiFixture.json;
import static io.fulcrum.query.QueryApiFixture.post;
import static io.fulcrum.query.QueryApiFixture.produce;
import static io.fulcrum.query.QueryApiFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.PipelineMetrics;
import io.fulcrum.app.StreamsApp;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API on a real broker with two instances of one app: whichever instance is asked, a
 * pool's answer is its owner's, and bad requests get a JSON 4xx.
 */
class QueryApiIT {
  @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();
  private static final List<String> POOLS =
      IntStream.range(0, 6).mapToObj(i -> "be_q" + i).toList();

  @Test
  void anyInstanceAnswersWithTheOwnersDataAndBadRequestsGetJson4xx(
      @TempDir Path stateA, @TempDir Path stateB) throws Exception {
    String prefix = KAFKA.uniqueName("it");
    TopicNames names = TopicNames.withPrefix(prefix);
    KAFKA.createTopics(3, names.all().toArray(String[]::new));
    int portA = freePort();
    int portB = freePort();
    FulcrumSettings a = settings(KAFKA, prefix, names, stateA, portA);
    FulcrumTopics topics = FulcrumTopics.create(names, a.keyFormat(), a.serdeConfig());
    try (StreamsApp appA =
            new StreamsApp(a, new PipelineMetrics(new SimpleMeterRegistry())).start();
        StreamsApp appB =
            new StreamsApp(
                    settings(KAFKA, prefix, names, stateB, portB),
                    new PipelineMetrics(new SimpleMeterRegistry()))
                .start()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  appA.state() == KafkaStreams.State.RUNNING
                      && appB.state() == KafkaStreams.State.RUNNING);
      produce(KAFKA, names, topics, POOLS);

      // Each instance's list is merged with the other's: every pool shows, whichever is asked.
      await()
          .atMost(Duration.ofSeconds(45))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> {
                for (int port : List.of(portA, portB)) {
                  HttpResponse<String> res = get(port, "/api/v1/pools");
                  assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
                  List<String> pools = new java.util.ArrayList<>();
                  json(res).path("pools").forEach(p -> pools.add(p.path("pool").asText()));
                  assertThat(pools).containsExactlyElementsOf(POOLS);
                }
              });

      int forwardedChecks = 0;
      for (String pool : POOLS) {
        String owner =
            get(portA, "/api/v1/pools/" + pool)
                .headers()
                .firstValue(ApiResponse.SERVED_BY)
                .orElseThrow();
        int nonOwner = owner.endsWith(":" + portA) ? portB : portA;
        int ownerPort = nonOwner == portA ? portB : portA;
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  HttpResponse<String> direct =
                      get(ownerPort, "/api/v1/pools/" + pool + "/windows?limit=5");
                  HttpResponse<String> viaOther =
                      get(nonOwner, "/api/v1/pools/" + pool + "/windows?limit=5");
                  assertThat(viaOther.statusCode()).as(viaOther.body()).isEqualTo(200);
                  assertThat(viaOther.headers().firstValue(ApiResponse.SERVED_BY)).contains(owner);
                  assertThat(json(viaOther)).isEqualTo(json(direct));
                  assertThat(json(viaOther).path("windows").get(0).path("servers")).hasSize(3);
                });
        forwardedChecks++;
      }
      assertThat(forwardedChecks).isEqualTo(POOLS.size());

      // What a list checks before it reads: the windows store's partitions split between the two.
      Set<Integer> ofA =
          new StreamsStores(appA.streams(), new HostInfo(a.api().advertisedHost(), portA))
              .assignedPartitions(RecentStores.WINDOWS);
      Set<Integer> ofB =
          new StreamsStores(appB.streams(), new HostInfo(a.api().advertisedHost(), portB))
              .assignedPartitions(RecentStores.WINDOWS);
      assertThat(ofA).isNotEmpty().doesNotContainAnyElementsOf(ofB);
      assertThat(ofB).isNotEmpty();
      for (String pool : POOLS) {
        KeyQueryMetadata md =
            appA.streams()
                .queryMetadataForKey(RecentStores.WINDOWS, pool, Serdes.String().serializer());
        assertThat(md.activeHost().port() == portA ? ofA : ofB).contains(md.partition());
      }
      assertThat(json(get(portB, "/api/v1/pools/be_q1")).path("window").path("totalCount").asLong())
          .isPositive();

      assertError(get(portB, "/api/v1/pools/no_such_pool"), 404, "unknown pool: no_such_pool");
      assertError(get(portA, "/api/v1/pools/bad%20pool"), 400, "malformed pool name");
      assertError(get(portA, "/api/v1/incidents/not-an-id"), 400, "malformed incident id");
      assertError(
          get(portB, "/api/v1/incidents/be_q2@2026-01-01T00:00:00Z"), 404, "no such incident");
      assertError(get(portA, "/api/v1/pools/be_q1/windows?limit=x"), 400, "limit must be");
      assertError(get(portA, "/api/v2/pools"), 404, "no such endpoint");
      assertError(post(portA, "/api/v1/pools"), 405, "read-only");
      assertThat(get(portA, "/api/v1/incidents").statusCode()).isEqualTo(200);
      assertThat(get(portB, "/api/v1/anomalies").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anInstanceNotYetRunningSaysSoWithRetryAfter(@TempDir Path state) throws Exception {
    String prefix = KAFKA.uniqueName("it");
    TopicNames names = TopicNames.withPrefix(prefix);
    KAFKA.createTopics(3, names.all().toArray(String[]::new));
    int port = freePort();
    try (StreamsApp notStarted =
        new StreamsApp(
            settings(KAFKA, prefix, names, state, port),
            new PipelineMetrics(new SimpleMeterRegistry()))) {
      HttpResponse<String> res = get(port, "/api/v1/pools/be_q0");
      assertError(res, 503, "rebalance under way");
      assertThat(res.headers().firstValue("Retry-After")).contains("2");
      assertThat(notStarted.state()).isEqualTo(KafkaStreams.State.CREATED);
    }
  }

  private void assertError(HttpResponse<String> res, int status, String message)
      throws IOException {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    assertThat(res.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = json(res);
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("error").asText()).contains(message).doesNotContain("Exception", "\tat ");
  }
}
