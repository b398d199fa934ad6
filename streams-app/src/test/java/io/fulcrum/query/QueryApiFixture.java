package io.fulcrum.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.StreamsAppFixture;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Instances of one app with their query API on a test broker, traffic for them, and HTTP calls. */
final class QueryApiFixture {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private QueryApiFixture() {}

  /** One instance's settings: its own state dir and API port, the test's topics and app id. */
  static FulcrumSettings settings(
      KafkaClusterExtension kafka, String prefix, TopicNames names, Path state, int apiPort) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("bootstrap.servers", kafka.bootstrapServers());
    s.put("schema.registry.url", "mock://" + prefix);
    s.put("application.id", prefix);
    s.put("state.dir", state.toString());
    s.put("num.stream.threads", "1");
    s.put("commit.interval.ms", "200");
    s.put("fulcrum.api.port", Integer.toString(apiPort));
    s.putAll(StreamsAppFixture.topicKeys(names));
    return FulcrumSettings.defaultsWith(s);
  }

  /**
   * Each pool's 3 servers, 5 requests a second each, over the last 70 s: six closed windows a pool.
   * Ends at about now: an idle input's event time follows the wall clock, so older requests would
   * be dropped as late.
   */
  static void produce(
      KafkaClusterExtension kafka, TopicNames names, FulcrumTopics topics, List<String> pools) {
    long start = (System.currentTimeMillis() - 70_000) / 10_000 * 10_000;
    Map<String, Object> props =
        Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 5);
    try (KafkaProducer<byte[], RequestEvent> p =
        new KafkaProducer<>(
            props, new ByteArraySerializer(), topics.requests().valueSerde().serializer())) {
      for (long t = start; t < start + 70_000; t += 200) {
        for (String pool : pools) {
          String server = "srv-" + ((t / 200) % 3);
          RequestEvent e =
              RequestEvent.newBuilder()
                  .setTimestamp(Instant.ofEpochMilli(t))
                  .setPool(pool)
                  .setServer(server)
                  .setStatus(200)
                  .setLatencyMs(20)
                  .build();
          p.send(new ProducerRecord<>(names.requests(), null, t, null, e));
        }
      }
      p.flush();
    }
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri(port, path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  static JsonNode json(HttpResponse<String> res) throws IOException {
    return JsonSerde.MAPPER.readTree(res.body());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
