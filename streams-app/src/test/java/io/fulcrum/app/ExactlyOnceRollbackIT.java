package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.serde.registry.MockRegistryScopes;
import io.fulcrum.serde.registry.RegistryHttpServer;
import io.fulcrum.sim.Scenarios;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimEvent;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollback must never fire twice. The Streams app runs as its own JVM with exactly_once_v2; it is
 * killed with SIGKILL the moment its rollback command is written (before the transaction is likely
 * committed), restarted on the same state directory and application id, and fed the rest of the
 * incident: exactly one command is committed.
 */
class ExactlyOnceRollbackIT {
  @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();
  private static final long WINDOW_MS = 10_000;

  /** Kept when the test fails: the apps' logs are in it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killAll() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void issuesExactlyOneRollbackCommandAcrossAKillAndRestartMidIncident() throws Exception {
    String prefix = KAFKA.uniqueName("eos");
    TopicNames names = TopicNames.withPrefix(prefix);
    KAFKA.createTopics(3, names.all().toArray(String[]::new));
    try (RegistryHttpServer registry =
        new RegistryHttpServer(MockRegistryScopes.scope(prefix), "127.0.0.1", 0, null)) {
      Path config = writeConfig(prefix, names, registry.url().toString());
      FulcrumTopics topics =
          FulcrumTopics.create(
              names,
              FulcrumSettings.defaultsWith(Map.of()).keyFormat(),
              Map.of("schema.registry.url", registry.url().toString()));
      // The first part ends at about "now": when input idles, event time follows the wall clock, so
      // a first part
      // far in the past would be closed early (and its tail dropped as late) by any pause in
      // producing it.
      long onsetOffset = Scenarios.byName("all-to-one").expectation().onsetOffsetMs();
      long start = (System.currentTimeMillis() - onsetOffset - 40_000) / WINDOW_MS * WINDOW_MS;
      long onset = start + onsetOffset;
      List<SimEvent> events = new ArrayList<>();
      Scenarios.byName("all-to-one").events(start, 11).forEachRemaining(events::add);
      List<SimEvent> firstPart = events.stream().filter(e -> e.emitMs() < onset + 40_000).toList();
      List<SimEvent> rest = events.subList(firstPart.size(), events.size());

      Process first = start(config, "first");
      produce(firstPart, names, topics);
      try (KafkaConsumer<String, RollbackCommand> uncommitted =
          consumer(
              topics.rollbackCommands().keySerde(),
              topics.rollbackCommands().valueSerde(),
              "read_uncommitted")) {
        uncommitted.subscribe(List.of(names.rollbackCommands()));
        List<RollbackCommand> seen = new ArrayList<>();
        try {
          await()
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ZERO)
              .until(
                  () -> {
                    uncommitted.poll(Duration.ofMillis(20)).forEach(r -> seen.add(r.value()));
                    return !seen.isEmpty();
                  });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          throw new AssertionError(
              "no rollback command; onset "
                  + Instant.ofEpochMilli(onset)
                  + ", pool windows:\n"
                  + poolWindows(names, topics),
              e);
        }
        first.destroyForcibly().waitFor();
        assertThat(seen.get(0).getToVersion()).isEqualTo("v41");
      }

      start(config, "second");
      produce(rest, names, topics);
      try (KafkaConsumer<String, Incident> incidents =
              consumer(
                  topics.incidents().keySerde(),
                  topics.incidents().valueSerde(),
                  "read_committed");
          KafkaConsumer<String, RollbackCommand> committed =
              consumer(
                  topics.rollbackCommands().keySerde(),
                  topics.rollbackCommands().valueSerde(),
                  "read_committed")) {
        incidents.subscribe(List.of(names.incidents()));
        // Nobody answers the command, so the incident escalates 6 windows later: proof the
        // restarted app got past it.
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () -> {
                  for (var r : incidents.poll(Duration.ofMillis(200))) {
                    if (r.value().getState() == IncidentState.ESCALATED) {
                      return true;
                    }
                  }
                  return false;
                });
        committed.subscribe(List.of(names.rollbackCommands()));
        List<RollbackCommand> commands = new ArrayList<>();
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  committed.poll(Duration.ofMillis(200)).forEach(r -> commands.add(r.value()));
                  return commands.size() == 1;
                });
        assertThat(commands)
            .singleElement()
            .satisfies(
                c -> {
                  assertThat(c.getFromVersion()).isEqualTo("v42");
                  assertThat(c.getToVersion()).isEqualTo("v41");
                  assertThat(c.getIssuedAt().toEpochMilli() - onset).isBetween(0L, 30_000L);
                });
      }
    }
  }

  private Process start(Path config, String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                StreamsAppMain.class.getName(),
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    processes.add(p);
    return p;
  }

  private Path writeConfig(String prefix, TopicNames names, String registryUrl) throws IOException {
    Map<String, String> s = new LinkedHashMap<>(StreamsAppFixture.topicKeys(names));
    s.put("bootstrap.servers", KAFKA.bootstrapServers());
    s.put("schema.registry.url", registryUrl);
    s.put("application.id", prefix);
    s.put("state.dir", dir.resolve("state").toString());
    s.put("num.stream.threads", "1");
    s.put("processing.guarantee", "exactly_once_v2");
    s.put("fulcrum.signing.secret", "integration-test-secret-0123");
    s.put("fulcrum.metrics.enabled", "false");
    s.put("fulcrum.api.port", "0");
    Properties p = new Properties();
    p.putAll(s);
    Path file = dir.resolve("fulcrum.properties");
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, "ExactlyOnceRollbackIT");
    }
    return file;
  }

  private static void produce(List<SimEvent> events, TopicNames names, FulcrumTopics topics) {
    Map<String, Object> props =
        Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "linger.ms", 5);
    try (KafkaProducer<byte[], RequestEvent> requests =
            new KafkaProducer<>(
                props, new ByteArraySerializer(), topics.requests().valueSerde().serializer());
        KafkaProducer<byte[], LbConfigChange> changes =
            new KafkaProducer<>(
                props,
                new ByteArraySerializer(),
                topics.configChanges().valueSerde().serializer())) {
      for (SimEvent e : events) {
        if (e instanceof SimRequest r) {
          requests.send(
              new ProducerRecord<>(
                  names.requests(), null, r.timestampMs(), null, SimAvro.toAvro(r)));
        } else if (e instanceof SimConfigChange c) {
          changes.send(
              new ProducerRecord<>(
                  names.configChanges(),
                  c.pool().getBytes(StandardCharsets.UTF_8),
                  SimAvro.toAvro(c)));
        }
      }
    }
  }

  /** What the first app closed, one line per window: why no command came. */
  private static String poolWindows(TopicNames names, FulcrumTopics topics) {
    StringBuilder b = new StringBuilder();
    try (KafkaConsumer<String, PoolWindow> c =
        consumer(
            topics.poolWindows().keySerde(),
            topics.poolWindows().valueSerde(),
            "read_uncommitted")) {
      c.subscribe(List.of(names.poolWindows()));
      for (int i = 0; i < 10; i++) {
        c.poll(Duration.ofMillis(500))
            .forEach(
                r ->
                    b.append(r.value().getWindowStart())
                        .append(" closed ")
                        .append(r.value().getClosedAt())
                        .append(" total ")
                        .append(r.value().getTotalCount())
                        .append(" version ")
                        .append(r.value().getConfigVersion())
                        .append(" healthy ")
                        .append(r.value().getHealthy())
                        .append(' ')
                        .append(
                            r.value().getServers().stream()
                                .map(x -> x.getServer() + "=" + x.getCount())
                                .toList())
                        .append('\n'));
      }
    }
    return b.toString();
  }

  private static <K, V> KafkaConsumer<K, V> consumer(Serde<K> k, Serde<V> v, String isolation) {
    return new KafkaConsumer<>(
        Map.of(
            "bootstrap.servers",
            KAFKA.bootstrapServers(),
            "group.id",
            KAFKA.uniqueName("reader"),
            "auto.offset.reset",
            "earliest",
            "isolation.level",
            isolation),
        k.deserializer(),
        v.deserializer());
  }
}
