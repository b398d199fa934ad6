package io.fulcrum.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.serde.registry.MockSchemaRegistry;
import io.fulcrum.serde.registry.RegistryHttpServer;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.fulcrum.testkit.RequiredPrograms;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wire compatibility with a peer nobody here wrote: Confluent's Python AvroConsumer/AvroProducer
 * (Debian's python3-confluent-kafka) against a real broker and our registry's REST API.
 */
class ConfluentPythonInteropIT {
  @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path python;
  private RegistryHttpServer registry;
  private String registryUrl;

  @BeforeEach
  void start() throws IOException {
    python =
        RequiredPrograms.requirePython(
            "python3-confluent-kafka python3-avro python3-requests",
            "confluent_kafka.avro",
            "avro",
            "requests");
    registry =
        new RegistryHttpServer(new MockSchemaRegistry("python-interop"), "127.0.0.1", 0, null);
    registryUrl = registry.url().toString();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void confluentsAvroConsumerDecodesAnAnomalyEventWeWrote(@TempDir Path tmp) throws Exception {
    String topic = KAFKA.uniqueName("interop-anomalies");
    KAFKA.createTopics(1, topic);
    AnomalyEvent anomaly = SampleRecords.anomaly();
    Map<String, Object> props =
        Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "schema.registry.url", registryUrl);
    // Keys as FulcrumTopics writes them by default: Avro strings, which the legacy AvroConsumer
    // requires.
    AvroStringSerde keys = new AvroStringSerde();
    keys.configure(props, true);
    try (KafkaProducer<String, AnomalyEvent> producer =
        new KafkaProducer<>(props, keys.serializer(), serializer(props))) {
      producer.send(new ProducerRecord<>(topic, "be_web", anomaly)).get(30, TimeUnit.SECONDS);
    }

    List<String> lines =
        runPeer(
            tmp,
            "consume",
            KAFKA.bootstrapServers(),
            registryUrl,
            topic,
            KAFKA.uniqueName("py"),
            "1");

    JsonNode value = JSON.readTree(lines.get(0)).get("value");
    assertThat(JSON.readTree(lines.get(0)).get("key").asText()).isEqualTo("be_web");
    assertThat(value.get("id").asText()).isEqualTo(anomaly.getId());
    assertThat(value.get("kind").asText()).isEqualTo("IMBALANCE");
    assertThat(value.get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(value.get("detectedAt").asLong()).isEqualTo(anomaly.getDetectedAt().toEpochMilli());
    assertThat(value.at("/evidence/servers/0/observedShare").asDouble()).isEqualTo(1.0);
    assertThat(value.at("/evidence/effectSize").asDouble()).isEqualTo(0.75);
    assertThat(value.at("/suspectedCause/version").asText()).isEqualTo("v42");
    assertThat(value.get("summary").asText()).isEqualTo(anomaly.getSummary());
  }

  @Test
  void weDecodeARequestEventWrittenByConfluentsAvroProducer(@TempDir Path tmp) throws Exception {
    String topic = KAFKA.uniqueName("interop-requests");
    KAFKA.createTopics(1, topic);
    Path schema = tmp.resolve("RequestEvent.avsc");
    try (InputStream in = getClass().getResourceAsStream("/avro/RequestEvent.avsc")) {
      Files.write(schema, in.readAllBytes());
    }
    String value =
        "{\"timestamp\": 1718031600123, \"pool\": \"be_api\", \"server\": \"api-2\","
            + " \"status\": 503, \"latencyMs\": 1875, \"bytes\": 99, \"frontend\": null}";
    runPeer(tmp, "produce", KAFKA.bootstrapServers(), registryUrl, topic, schema.toString(), value);

    AvroDeserializer<RequestEvent> de = new AvroDeserializer<>(RequestEvent.class);
    de.configure(Map.of("schema.registry.url", registryUrl), false);
    try (KafkaConsumer<String, RequestEvent> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                KAFKA.bootstrapServers(),
                "group.id",
                KAFKA.uniqueName("java"),
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            de)) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, RequestEvent>> got = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (got.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
      }
      assertThat(got).hasSize(1);
      RequestEvent event = got.get(0).value();
      assertThat(event.getTimestamp().toEpochMilli()).isEqualTo(1718031600123L);
      assertThat(event.getPool()).isEqualTo("be_api");
      assertThat(event.getServer()).isEqualTo("api-2");
      assertThat(event.getStatus()).isEqualTo(503);
      assertThat(event.getLatencyMs()).isEqualTo(1875);
      assertThat(event.getFrontend()).isNull();
      assertThat(got.get(0).value().getSchema()).isEqualTo(RequestEvent.getClassSchema());
    }
  }

  private static AvroSerializer<AnomalyEvent> serializer(Map<String, Object> props) {
    AvroSerializer<AnomalyEvent> ser = new AvroSerializer<>();
    ser.configure(props, false);
    return ser;
  }

  private List<String> runPeer(Path tmp, String... args) throws Exception {
    Path script = tmp.resolve("confluent_peer.py");
    try (InputStream in = getClass().getResourceAsStream("/python/confluent_peer.py")) {
      Files.write(script, in.readAllBytes());
    }
    List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("peer.err").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = p.waitFor(90, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String err = Files.readString(tmp.resolve("peer.err"));
    assertThat(done && p.exitValue() == 0)
        .as("python peer %s failed:%n%s%n%s", args[0], out, err)
        .isTrue();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
