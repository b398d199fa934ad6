package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.metrics.MetricsEndpoint;
import io.fulcrum.sim.HaproxyLogFormatter;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.fulcrum.testkit.PrometheusServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Streams app's metrics endpoint scraped by a real Prometheus: live HAProxy lines for a pool of
 * four servers (weights 4:2:1:1) go through the real pipeline on the real broker, windows close,
 * and Prometheus' query API shows the per-server share gauge with its pool and server labels.
 */
class PrometheusScrapeIT {
  @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();
  private static final String POOL = "be_web";

  /**
   * One cycle of the feed's routing: web-1 gets 4 of 8 requests, web-2 2, web-3 and web-4 one each.
   */
  private static final List<String> ROUTING =
      List.of("web-1", "web-2", "web-1", "web-3", "web-1", "web-2", "web-1", "web-4");

  private static final Map<String, Double> EXPECTED =
      Map.of("web-1", 0.5, "web-2", 0.25, "web-3", 0.125, "web-4", 0.125);
  private static final ObjectMapper JSON = new ObjectMapper();

  private PrometheusServer prometheus;
  private LiveHaproxyFeed feed;

  @AfterEach
  void stopPeers() {
    if (feed != null) {
      feed.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void prometheusScrapesPerServerTrafficSharesWithPoolAndServerLabels(
      @TempDir Path state, @TempDir Path promDir) throws Exception {
    StreamsAppFixture f =
        StreamsAppFixture.create(
            KAFKA,
            state,
            Map.of(
                "fulcrum.window.size",
                "2s",
                "fulcrum.window.grace",
                "500ms",
                "fulcrum.flush.interval",
                "250ms",
                "fulcrum.metrics.enabled",
                "true",
                "fulcrum.metrics.port",
                "0"));
    PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
    try (MetricsEndpoint endpoint = f.settings().metrics().startIfEnabled(registry);
        StreamsApp app = new StreamsApp(f.settings(), new PipelineMetrics(registry)).start()) {
      prometheus =
          PrometheusServer.start(
              promDir, Duration.ofSeconds(1), List.of("127.0.0.1:" + endpoint.port()));
      await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
      feed = LiveHaproxyFeed.start(f.names().accessLogs());

      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                List<JsonNode> series =
                    result(prometheus.query("fulcrum_pool_share{pool=\"" + POOL + "\"}"));
                Map<String, Double> shares = new HashMap<>();
                for (JsonNode s : series) {
                  assertThat(fieldNames(s.get("metric")))
                      .as("labels of %s", s)
                      .containsExactlyInAnyOrder("__name__", "instance", "job", "pool", "server");
                  shares.put(
                      s.get("metric").get("server").asText(), s.get("value").get(1).asDouble());
                }
                assertThat(shares)
                    .as("shares scraped by Prometheus")
                    .containsOnlyKeys(EXPECTED.keySet());
                EXPECTED.forEach(
                    (server, share) ->
                        assertThat(shares.get(server)).as(server).isCloseTo(share, within(0.05)));
                double sum =
                    result(prometheus.query("sum(fulcrum_pool_share{pool=\"" + POOL + "\"})"))
                        .get(0)
                        .get("value")
                        .get(1)
                        .asDouble();
                assertThat(sum).as("shares of one window add up to 1").isCloseTo(1.0, within(0.02));
              });

      // Kafka Streams' own client metrics come through the Micrometer binder.
      List<JsonNode> streamThreadMetrics =
          result(prometheus.query("count({__name__=~\"kafka_stream_thread_.+\"})"));
      assertThat(streamThreadMetrics).as("kafka_stream_thread_* series").hasSize(1);
      assertThat(streamThreadMetrics.get(0).get("value").get(1).asInt()).isPositive();
      assertThat(result(prometheus.query("fulcrum_records_in_total{input=\"access-logs\"}")))
          .singleElement()
          .satisfies(s -> assertThat(s.get("value").get(1).asDouble()).isPositive());
    }
  }

  private static List<JsonNode> result(String body) throws Exception {
    JsonNode root = JSON.readTree(body);
    assertThat(root.path("status").asText()).as(body).isEqualTo("success");
    List<JsonNode> out = new ArrayList<>();
    root.path("data").path("result").forEach(out::add);
    return out;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * HAProxy log lines at wall-clock time, 200 per second, routed by {@link #ROUTING}, like a live
   * LB.
   */
  private static final class LiveHaproxyFeed implements AutoCloseable {
    private static final int LINES_PER_TICK = 5;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final KafkaProducer<byte[], String> producer;
    private final HaproxyLogFormatter haproxy = new HaproxyLogFormatter();
    private final String topic;
    private long sent;

    private LiveHaproxyFeed(String topic) {
      this.topic = topic;
      this.producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "linger.ms", 5),
              new ByteArraySerializer(),
              new StringSerializer());
    }

    static LiveHaproxyFeed start(String topic) {
      LiveHaproxyFeed feed = new LiveHaproxyFeed(topic);
      feed.timer.scheduleAtFixedRate(feed::tick, 0, 25, TimeUnit.MILLISECONDS);
      return feed;
    }

    private void tick() {
      long now = System.currentTimeMillis();
      for (int i = 0; i < LINES_PER_TICK; i++) {
        String server = ROUTING.get((int) (sent++ % ROUTING.size()));
        SimRequest r = SimRequest.of(now - 5, POOL, server, 200, 5, 1024);
        producer.send(new ProducerRecord<>(topic, null, r.endMs(), null, haproxy.format(r)));
      }
    }

    @Override
    public void close() {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      producer.close(Duration.ofSeconds(5));
    }
  }
}
