package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyKind;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.sim.HaproxyLogFormatter;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.Scenarios;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimEvent;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.sim.SimRun;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The postmortem on a real broker: raw HAProxy access-log lines in, an IMBALANCE anomaly naming the
 * bad config version out on the anomalies topic, decoded by our serde. Exactly-once is on.
 */
class RawHaproxyLinesToAnomalyIT {
  @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();
  private static final long START = 1_781_000_000_000L;

  @Test
  void flagsAllTrafficOnOneServerFromRawHaproxyLines(@TempDir Path state) throws Exception {
    String prefix = KAFKA.uniqueName("it");
    TopicNames names = TopicNames.withPrefix(prefix);
    KAFKA.createTopics(3, names.all().toArray(String[]::new));
    String registry = "mock://" + prefix;
    FulcrumSettings settings =
        FulcrumSettings.defaultsWith(
            Map.ofEntries(
                Map.entry("bootstrap.servers", KAFKA.bootstrapServers()),
                Map.entry("schema.registry.url", registry),
                Map.entry("application.id", prefix),
                Map.entry("state.dir", state.toString()),
                Map.entry("num.stream.threads", "1"),
                Map.entry("commit.interval.ms", "200"),
                Map.entry("fulcrum.topic.requests", names.requests()),
                Map.entry("fulcrum.topic.access-logs", names.accessLogs()),
                Map.entry("fulcrum.topic.config-changes", names.configChanges()),
                Map.entry("fulcrum.topic.pool-windows", names.poolWindows()),
                Map.entry("fulcrum.topic.anomalies", names.anomalies()),
                Map.entry("fulcrum.topic.dlq", names.deadLetters()),
                Map.entry("fulcrum.topic.rollback-commands", names.rollbackCommands()),
                Map.entry("fulcrum.topic.remediation-results", names.remediationResults()),
                Map.entry("fulcrum.topic.incidents", names.incidents())));
    FulcrumTopics topics =
        FulcrumTopics.create(names, settings.keyFormat(), settings.serdeConfig());

    try (StreamsApp app =
        new StreamsApp(settings, new PipelineMetrics(new SimpleMeterRegistry())).start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
      produceScenario(Scenarios.byName("all-to-one"), names, topics);

      List<AnomalyEvent> anomalies = new CopyOnWriteArrayList<>();
      List<PoolWindow> windows = new CopyOnWriteArrayList<>();
      try (KafkaConsumer<String, AnomalyEvent> ac =
              consumer(topics.anomalies().keySerde(), topics.anomalies().valueSerde());
          KafkaConsumer<String, PoolWindow> wc =
              consumer(topics.poolWindows().keySerde(), topics.poolWindows().valueSerde())) {
        ac.subscribe(List.of(names.anomalies()));
        wc.subscribe(List.of(names.poolWindows()));
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(10))
            .untilAsserted(
                () -> {
                  ac.poll(Duration.ofMillis(200)).forEach(r -> anomalies.add(r.value()));
                  wc.poll(Duration.ofMillis(50)).forEach(r -> windows.add(r.value()));
                  assertThat(anomalies)
                      .anyMatch(
                          a ->
                              a.getKind() == AnomalyKind.IMBALANCE
                                  && a.getStatus() == AnomalyStatus.STARTED);
                });
      }
      AnomalyEvent imbalance =
          anomalies.stream()
              .filter(a -> a.getKind() == AnomalyKind.IMBALANCE)
              .findFirst()
              .orElseThrow();
      assertThat(imbalance.getPool()).isEqualTo("be_web");
      assertThat(imbalance.getSuspectedCause().getVersion()).isEqualTo("v42");
      assertThat(imbalance.getSummary()).startsWith("be_web: web-1 got").contains("config v42");
      assertThat(imbalance.getEvidence().getPValue()).isLessThan(1e-6);
      assertThat(windows)
          .as("pool windows published with all four members")
          .anyMatch(w -> w.getServers().size() == 4 && w.getConfigVersion() != null);
    }
  }

  private static void produceScenario(Scenario scenario, TopicNames names, FulcrumTopics topics)
      throws Exception {
    SimRun run = scenario.events(START, 7);
    HaproxyLogFormatter haproxy = new HaproxyLogFormatter();
    Map<String, Object> props =
        Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "linger.ms", 5);
    try (KafkaProducer<byte[], String> lines =
            new KafkaProducer<>(props, new ByteArraySerializer(), new StringSerializer());
        KafkaProducer<byte[], LbConfigChange> changes =
            new KafkaProducer<>(
                props,
                new ByteArraySerializer(),
                topics.configChanges().valueSerde().serializer())) {
      while (run.hasNext()) {
        SimEvent e = run.next();
        if (e instanceof SimRequest r) {
          // Like a log shipper: the Kafka timestamp is when the line was written.
          lines.send(
              new ProducerRecord<>(names.accessLogs(), null, r.endMs(), null, haproxy.format(r)));
        } else if (e instanceof SimConfigChange c) {
          changes.send(
              new ProducerRecord<>(
                  names.configChanges(),
                  c.pool().getBytes(StandardCharsets.UTF_8),
                  SimAvro.toAvro(c)));
        }
      }
      lines.flush();
      changes.flush();
    }
  }

  private static <K, V> KafkaConsumer<K, V> consumer(
      org.apache.kafka.common.serialization.Serde<K> k,
      org.apache.kafka.common.serialization.Serde<V> v) {
    return new KafkaConsumer<>(
        Map.of(
            "bootstrap.servers",
            KAFKA.bootstrapServers(),
            "group.id",
            KAFKA.uniqueName("reader"),
            "auto.offset.reset",
            "earliest",
            "isolation.level",
            "read_committed"),
        k.deserializer(),
        v.deserializer());
  }
}
