package io.fulcrum.connect.alert;

import static io.fulcrum.connect.alert.AlertFixtures.anomaly;
import static io.fulcrum.connect.alert.AlertFixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.Severity;
import io.fulcrum.connect.avro.FulcrumAvroConverter;
import io.fulcrum.connect.it.AlertmanagerProcess;
import io.fulcrum.connect.it.ConnectWorkerProcess;
import io.fulcrum.connect.it.FreePorts;
import io.fulcrum.connect.it.WorkerSettings;
import io.fulcrum.serde.AvroSerializer;
import io.fulcrum.serde.registry.MockRegistryScopes;
import io.fulcrum.serde.registry.RegistryHttpServer;
import io.fulcrum.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Alertmanager sink on a real Connect worker, posting to a real Alertmanager process. */
class AlertmanagerSinkIT {
  @RegisterExtension static final KafkaClusterExtension kafka = new KafkaClusterExtension();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final int amPort = FreePorts.pick();
  private String anomalies;
  private String incidents;
  private String scope;
  private RegistryHttpServer registry;
  private ConnectWorkerProcess worker;
  private AlertmanagerProcess alertmanager;
  private KafkaProducer<String, SpecificRecord> producer;

  @BeforeEach
  void startWorkerAndSink() throws Exception {
    AlertmanagerProcess.binary();
    anomalies = kafka.uniqueName("anomalies");
    incidents = kafka.uniqueName("incidents");
    kafka.createTopics(1, anomalies, incidents);
    scope = kafka.uniqueName("registry");
    registry = new RegistryHttpServer(MockRegistryScopes.scope(scope), "127.0.0.1", 0, null);
    AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
    values.configure(Map.of("schema.registry.url", "mock://" + scope), false);
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            values);
    worker = ConnectWorkerProcess.start(WorkerSettings.unique(kafka), dir, "worker");
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", AlertmanagerSinkConnector.class.getName());
    c.put("tasks.max", "1");
    c.put("topics", anomalies + "," + incidents);
    c.put("key.converter", ByteArrayConverter.class.getName());
    c.put("value.converter", FulcrumAvroConverter.class.getName());
    c.put("value.converter.schema.registry.url", registry.url().toString());
    c.put("alertmanager.urls", "http://127.0.0.1:" + amPort);
    c.put("retry.backoff.initial.ms", "200");
    c.put("retry.backoff.max.ms", "1000");
    c.put("alert.extra.labels", "env=test");
    // A sink's consumer group is named after the connector: a fresh name per test avoids waiting
    // out a killed member.
    String connector = kafka.uniqueName("alerts");
    worker.putConnector(connector, c);
    worker.awaitRunning(connector, 1);
  }

  @AfterEach
  void stopAll() throws Exception {
    if (alertmanager != null) {
      alertmanager.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (worker != null) {
      worker.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void anomaliesAndIncidentsBecomeAlertsInARealAlertmanagerAndResolve() throws Exception {
    alertmanager = AlertmanagerProcess.start(dir, amPort);
    send(anomalies, anomaly("be_web", AnomalyStatus.STARTED, Severity.CRITICAL));
    send(incidents, incident("be_web", IncidentState.ROLLBACK_ISSUED));

    List<JsonNode> alerts =
        await().atMost(WAIT).until(alertmanager::activeAlerts, a -> a.size() == 2);
    JsonNode anomaly = byName(alerts, "FulcrumAnomaly");
    assertThat(labels(anomaly))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "alertname",
                "FulcrumAnomaly",
                "pool",
                "be_web",
                "kind",
                "IMBALANCE",
                "severity",
                "critical",
                "env",
                "test"));
    assertThat(anomaly.path("annotations").path("summary").asText())
        .contains("web-1 got 99% of traffic");
    assertThat(anomaly.path("annotations").path("description").asText())
        .contains("G-test", "p=1.00e-170", "web-1 99.0% (expected 25.0%");
    assertThat(anomaly.path("annotations").path("suspected_cause").asText())
        .contains("config v42", "deploy-bot");
    assertThat(anomaly.path("startsAt").asText())
        .startsWith(AlertFixtures.ONSET.toString().replace("Z", ""));
    assertThat(anomaly.path("status").path("state").asText()).isEqualTo("active");
    JsonNode incident = byName(alerts, "FulcrumIncident");
    assertThat(labels(incident))
        .containsEntry("kind", "IMBALANCE")
        .containsEntry("severity", "warning");
    assertThat(incident.path("annotations").path("state").asText()).isEqualTo("ROLLBACK_ISSUED");

    send(anomalies, anomaly("be_web", AnomalyStatus.CLEARED, Severity.CRITICAL));
    send(incidents, incident("be_web", IncidentState.RESOLVED));
    await("both alerts resolved").atMost(WAIT).until(alertmanager::activeAlerts, List::isEmpty);
  }

  @Test
  void anAlertSentWhileAlertmanagerIsDownArrivesOnceItStarts() throws Exception {
    send(anomalies, anomaly("be_api", AnomalyStatus.STARTED, Severity.WARNING));
    await("a failed delivery")
        .atMost(WAIT)
        .until(() -> !worker.logLines("no Alertmanager accepted").isEmpty());

    alertmanager = AlertmanagerProcess.start(dir, amPort);
    List<JsonNode> alerts =
        await().atMost(WAIT).until(alertmanager::activeAlerts, a -> a.size() == 1);
    assertThat(labels(alerts.get(0)))
        .containsEntry("pool", "be_api")
        .containsEntry("severity", "warning");
  }

  private void send(String topic, SpecificRecord value) throws Exception {
    producer.send(new ProducerRecord<>(topic, "pool", value)).get();
  }

  private static JsonNode byName(List<JsonNode> alerts, String name) {
    return alerts.stream()
        .filter(a -> name.equals(a.path("labels").path("alertname").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " alert in " + alerts));
  }

  private static Map<String, String> labels(JsonNode alert) {
    Map<String, String> out = new HashMap<>();
    alert.path("labels").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
