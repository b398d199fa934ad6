package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.RequestEvent;
import io.fulcrum.connect.avro.FulcrumAvroConverter;
import io.fulcrum.connect.it.ConnectWorkerProcess;
import io.fulcrum.connect.it.LogFile;
import io.fulcrum.connect.it.TopicReader;
import io.fulcrum.connect.it.WorkerSettings;
import io.fulcrum.serde.AvroDeserializer;
import io.fulcrum.serde.registry.MockRegistryScopes;
import io.fulcrum.serde.registry.RegistryHttpServer;
import io.fulcrum.testkit.KafkaClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The access-log source connector on a real Connect worker (own JVM) against the real broker. */
class AccessLogSourceIT {
  @RegisterExtension static final KafkaClusterExtension kafka = new KafkaClusterExtension();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private final String connectorName = kafka.uniqueName("access-log");

  @TempDir Path dir;

  @Test
  void everyLineArrivesExactlyOnceThroughRotationsACrashAndAGracefulRestart() throws Exception {
    String topic = kafka.uniqueName("access-logs");
    kafka.createTopics(1, topic);
    WorkerSettings cluster = WorkerSettings.unique(kafka);
    LogFile log = new LogFile(Files.createDirectories(dir.resolve("logs")).resolve("access.log"));
    Map<String, String> config = sourceConfig(log.path(), topic, "raw");
    config.put("value.converter", StringConverter.class.getName());

    log.append("a", 100);
    log.startPartial("a half-written line, ");
    try (TopicReader<String> reader =
        new TopicReader<>(kafka.bootstrapServers(), topic, new StringDeserializer())) {
      try (ConnectWorkerProcess w1 = ConnectWorkerProcess.start(cluster, dir, "w1")) {
        w1.putConnector(connectorName, config);
        w1.awaitRunning(connectorName, 1);
        assertThat(reader.awaitAtLeast(100, WAIT)).containsExactlyElementsOf(log.lines());

        log.finishPartial("finished later");
        log.append("a", 50);
        Path rotated = log.rename("access.log.1");
        log.append(rotated, "a-late", 20); // the LB writes to the old file until it reopens its log
        log.append("b", 40); // the new file
        assertThat(reader.awaitAtLeast(log.lines().size(), WAIT))
            .containsExactlyElementsOf(log.lines());
        log.append("b", 10); // not read yet when logrotate copies and truncates
        log.copyTruncate("access.log.2");
        log.append("c", 15);
        assertThat(reader.awaitAtLeast(log.lines().size(), WAIT))
            .containsExactlyElementsOf(log.lines());

        log.append("burst", 5000);
        reader.awaitAtLeast(log.lines().size() - 4990, WAIT);
        w1.crash();
      }

      // While no worker runs: more lines, a rename rotation with late lines, a half-written line.
      log.append("d", 10);
      Path rotatedWhileDown = log.rename("access.log.3");
      log.append(rotatedWhileDown, "d-late", 5);
      log.append("e", 10);
      log.startPartial("e half-written, ");

      try (ConnectWorkerProcess w2 = ConnectWorkerProcess.start(cluster, dir, "w2")) {
        w2.awaitRunning(connectorName, 1); // the connector config comes back from the config topic
        log.finishPartial("finished after the restart");
        log.append("f", 10);
        assertThat(reader.awaitAtLeast(log.lines().size(), WAIT))
            .containsExactlyElementsOf(log.lines());
        w2.stop();
      }

      log.append("g", 10);
      try (ConnectWorkerProcess w3 = ConnectWorkerProcess.start(cluster, dir, "w3")) {
        w3.awaitRunning(connectorName, 1);
        log.append("h", 5);
        assertThat(reader.awaitAtLeast(log.lines().size(), WAIT))
            .containsExactlyElementsOf(log.lines());
      }
    }
  }

  /**
   * Also proves the packaged plugin directory: the worker loads our classes from it, in isolation,
   * not the classpath.
   */
  @Test
  void haproxyLinesBecomeRequestEventsThroughTheFulcrumAvroConverterFromThePluginDirectory()
      throws Exception {
    Path pluginDir = Path.of("target", "plugin").toAbsolutePath();
    assertThat(pluginDir.resolve("fulcrum-connectors")).as("run mvn package first").isDirectory();
    String topic = kafka.uniqueName("requests");
    kafka.createTopics(1, topic);
    Path file = Files.createDirectories(dir.resolve("logs")).resolve("haproxy.log");
    Files.writeString(
        file,
        String.join(
            "\n",
            "Mar 14 09:00:01 lb1 haproxy[123]: 10.0.0.1:40000 [14/Mar/2026:09:00:01.250] fe_web be_web/web-1 0/0/1/12/13 200 512 - - ---- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"",
            "this line is not HAProxy",
            "Mar 14 09:00:02 lb1 haproxy[123]: 10.0.0.2:40001 [14/Mar/2026:09:00:02.000] fe_web be_web/<NOSRV> 0/-1/-1/-1/0 503 212 - - SC-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"",
            ""));
    String scope = kafka.uniqueName("registry");
    try (RegistryHttpServer registry =
            new RegistryHttpServer(MockRegistryScopes.scope(scope), "127.0.0.1", 0, null);
        ConnectWorkerProcess worker =
            ConnectWorkerProcess.start(
                WorkerSettings.unique(kafka).withPluginPath(pluginDir), dir, "avro")) {
      Map<String, String> config = sourceConfig(file, topic, "avro");
      config.put("format", "haproxy");
      config.put("value.converter", FulcrumAvroConverter.class.getName());
      config.put("value.converter.schema.registry.url", registry.url().toString());
      worker.putConnector(connectorName, config);
      worker.awaitRunning(connectorName, 1);
      assertThat(worker.logLines("Loading plugin from: " + pluginDir.resolve("fulcrum-connectors")))
          .isNotEmpty();

      AvroDeserializer<RequestEvent> values = new AvroDeserializer<>(RequestEvent.class);
      values.configure(Map.of("schema.registry.url", "mock://" + scope), false);
      try (TopicReader<RequestEvent> reader =
          new TopicReader<>(kafka.bootstrapServers(), topic, values)) {
        List<RequestEvent> events = reader.awaitAtLeast(2, WAIT);
        assertThat(events)
            .extracting(
                RequestEvent::getPool,
                RequestEvent::getServer,
                RequestEvent::getStatus,
                e -> e.getTimestamp().toString())
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(
                    "be_web", "web-1", 200, "2026-03-14T09:00:01.263Z"), // accept date + Ta
                org.assertj.core.groups.Tuple.tuple("be_web", null, 503, "2026-03-14T09:00:02Z"));
      }
    }
  }

  private static Map<String, String> sourceConfig(Path file, String topic, String mode) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", AccessLogSourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put("files", file.toString());
    c.put("topic", topic);
    c.put("output.mode", mode);
    c.put("poll.interval.ms", "50");
    c.put("exactly.once.support", "required");
    c.put("key.converter", StringConverter.class.getName());
    return c;
  }
}
