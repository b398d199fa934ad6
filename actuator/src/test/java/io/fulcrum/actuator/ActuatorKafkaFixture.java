package io.fulcrum.actuator;

import static org.awaitility.Awaitility.await;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Topics of one test on the shared broker, a producer of commands and readers of results and config
 * changes (committed records only, as the Streams app reads them), plus the actuator services the
 * test starts.
 */
public final class ActuatorKafkaFixture implements AutoCloseable {
  public final String prefix;
  public final String ledgerTopic;
  public final FulcrumTopics topics;
  public final List<RemediationResult> results = new CopyOnWriteArrayList<>();
  public final List<LbConfigChange> configChanges = new CopyOnWriteArrayList<>();
  private final KafkaClusterExtension kafka;
  private final String registry;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> resultReader;
  private final KafkaConsumer<byte[], byte[]> changeReader;
  private final List<ActuatorService> services = new ArrayList<>();

  private final List<AutoCloseable> alsoClose;

  /**
   * @param alsoClose closed after the services by {@link #close()} (a lab LB, say), also if this
   *     constructor fails
   */
  public ActuatorKafkaFixture(KafkaClusterExtension kafka, AutoCloseable... alsoClose) {
    this(kafka, null, alsoClose);
  }

  /**
   * @param registryUrl an HTTP schema registry, for actuators in other JVMs; null for this JVM's
   *     {@code mock://}
   */
  public ActuatorKafkaFixture(
      KafkaClusterExtension kafka, String registryUrl, AutoCloseable... alsoClose) {
    this.alsoClose = List.of(alsoClose);
    try {
      this.kafka = kafka;
      this.prefix = kafka.uniqueName("act");
      this.registry = registryUrl == null ? "mock://" + prefix : registryUrl;
      TopicNames names = TopicNames.withPrefix(prefix);
      this.ledgerTopic = prefix + ".ledger";
      this.topics =
          FulcrumTopics.create(
              names, FulcrumTopics.KeyFormat.AVRO, Map.of("schema.registry.url", registry));
      createTopics(names.rollbackCommands(), names.remediationResults(), names.configChanges());
      this.producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", kafka.bootstrapServers()),
              new ByteArraySerializer(),
              new ByteArraySerializer());
      this.resultReader = reader(names.remediationResults());
      this.changeReader = reader(names.configChanges());
    } catch (RuntimeException e) {
      closeQuietly(this.alsoClose);
      throw e;
    }
  }

  /**
   * The test kit's createTopics describes the topics right after creating them. On a busy machine,
   * just after the broker created its internal topics (__transaction_state, __consumer_offsets),
   * the describe can beat the broker's metadata and fail with UnknownTopicOrPartition although the
   * topics exist: then wait until the broker knows them.
   */
  private void createTopics(String... names) {
    try {
      kafka.createTopics(1, names);
    } catch (IllegalStateException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      if (!(root instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
        throw e;
      }
      try (org.apache.kafka.clients.admin.Admin admin = kafka.admin()) {
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    admin.describeTopics(List.of(names)).allTopicNames().get().size()
                        == names.length);
      }
    }
  }

  /** Starts an actuator that routes {@code pool} to {@code backend}. */
  public ActuatorService startRouting(
      String pool, io.fulcrum.actuator.backend.Backend backend, SimpleMeterRegistry meters)
      throws InterruptedException {
    return start(
        settings(Map.of("fulcrum.actuator.backends", pool + ":" + backend.name())),
        Map.of(backend.name(), backend),
        meters);
  }

  private static void closeQuietly(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        // best effort: the test already failed or is done
      }
    }
  }

  private KafkaConsumer<byte[], byte[]> reader(String topic) {
    KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "group.id",
                kafka.uniqueName("reader"),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    c.subscribe(List.of(topic));
    return c;
  }

  /** Settings of an actuator on this test's topics; {@code extra} on top. */
  public ActuatorSettings settings(Map<String, String> extra) {
    return TestCommands.settings(settingsMap(extra));
  }

  /** The same settings as properties, for an actuator in its own JVM (with the test secret). */
  public Map<String, String> settingsMap(Map<String, String> extra) {
    Map<String, String> m =
        new HashMap<>(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "schema.registry.url",
                registry,
                "group.id",
                prefix + "-actuator",
                "fulcrum.actuator.id",
                prefix,
                "fulcrum.topic.rollback-commands",
                topics.rollbackCommands().name(),
                "fulcrum.topic.remediation-results",
                topics.remediationResults().name(),
                "fulcrum.topic.config-changes",
                topics.configChanges().name(),
                "fulcrum.topic.actuator-ledger",
                ledgerTopic));
    m.put("fulcrum.signing.secret", TestCommands.SECRET);
    m.putAll(extra);
    return m;
  }

  /** Starts an actuator (closed by {@link #close()}) and waits until it polls. */
  public ActuatorService start(
      ActuatorSettings settings,
      Map<String, io.fulcrum.actuator.backend.Backend> backends,
      SimpleMeterRegistry meters)
      throws InterruptedException {
    ActuatorService s = new ActuatorService(settings, backends, meters).start();
    services.add(s);
    if (!s.awaitReady(Duration.ofSeconds(60))) {
      throw new IllegalStateException("actuator did not start", s.failure().orElse(null));
    }
    return s;
  }

  public void publish(RollbackCommand c) {
    String t = topics.rollbackCommands().name();
    producer.send(
        new ProducerRecord<>(
            t,
            topics.rollbackCommands().keySerde().serializer().serialize(t, c.getPool()),
            topics.rollbackCommands().valueSerde().serializer().serialize(t, c)));
    producer.flush();
  }

  /** Waits until at least {@code n} results are on the topic and returns the n-th (1-based). */
  public RemediationResult awaitResult(int n) {
    await().atMost(Duration.ofSeconds(60)).until(() -> pollResults().size() >= n);
    return results.get(n - 1);
  }

  public List<RemediationResult> pollResults() {
    for (ConsumerRecord<byte[], byte[]> r : resultReader.poll(Duration.ofMillis(100))) {
      results.add(
          topics
              .remediationResults()
              .valueSerde()
              .deserializer()
              .deserialize(r.topic(), r.value()));
    }
    return results;
  }

  public List<LbConfigChange> pollConfigChanges() {
    for (ConsumerRecord<byte[], byte[]> r : changeReader.poll(Duration.ofMillis(100))) {
      configChanges.add(
          topics.configChanges().valueSerde().deserializer().deserialize(r.topic(), r.value()));
    }
    return configChanges;
  }

  @Override
  public void close() {
    services.forEach(ActuatorService::close);
    producer.close();
    resultReader.close();
    changeReader.close();
    closeQuietly(alsoClose);
  }
}
