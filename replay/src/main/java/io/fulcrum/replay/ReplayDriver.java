package io.fulcrum.replay;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.FulcrumTopology;
import io.fulcrum.app.InternalSerde;
import io.fulcrum.app.PipelineMetrics;
import io.fulcrum.app.StreamsProperties;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.avro.internal.ConfigHistory;
import io.fulcrum.distribution.ConfigHistoryUpdater;
import io.fulcrum.distribution.ConfigTimeline;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.registry.MockRegistryScopes;
import io.fulcrum.window.InputProgress;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Runs the real topology without a broker (Kafka's TopologyTestDriver), in event time: the engine
 * behind {@code fulcrum replay} and the scenario tests. Each driver has its own in-memory registry
 * scope and state directory. Not thread-safe.
 */
public final class ReplayDriver implements AutoCloseable {
  private static final String APPLICATION_ID = "fulcrum-replay";
  private final FulcrumTopics topics;
  private final TopologyTestDriver driver;
  private final PipelineMetrics metrics;
  private final String scope;
  private final Path stateDir;
  private final TestInputTopic<byte[], String> lines;
  private final TestInputTopic<byte[], RequestEvent> requests;
  private final TestInputTopic<byte[], LbConfigChange> configChanges;
  private final TestOutputTopic<String, AnomalyEvent> anomalies;
  private final TestOutputTopic<String, PoolWindow> poolWindows;
  private final TestOutputTopic<byte[], byte[]> deadLetters;
  private final TestInputTopic<String, ServerWindowStats> partials;
  private final TestInputTopic<String, RemediationResult> results;
  private final TestInputTopic<String, ApprovalDecision> approvals;
  private final TestOutputTopic<String, RollbackCommand> commands;
  private final TestOutputTopic<String, Incident> incidents;

  private final FulcrumSettings settings;

  public ReplayDriver(FulcrumSettings settings) {
    this(settings, new SimpleMeterRegistry());
  }

  /**
   * @param registry where the pipeline's metrics go (a Prometheus registry shows what {@code
   *     fulcrum run} exports)
   */
  public ReplayDriver(FulcrumSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.scope = "replay-" + UUID.randomUUID();
    Map<String, String> serde = new HashMap<>(settings.serdeConfig());
    serde.put("schema.registry.url", "mock://" + scope);
    this.topics = FulcrumTopics.create(settings.topics(), settings.keyFormat(), serde);
    this.metrics = new PipelineMetrics(registry);
    try {
      this.stateDir = Files.createTempDirectory("fulcrum-replay");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory", e);
    }
    Properties props = StreamsProperties.of(settings, metrics);
    props.put("application.id", APPLICATION_ID);
    props.put("bootstrap.servers", "replay:9092");
    props.put("state.dir", stateDir.toString());
    props.put("processing.guarantee", "at_least_once");
    // One input task feeds the driver: no other to wait for at start.
    this.driver =
        new TopologyTestDriver(
            FulcrumTopology.build(
                settings, topics, metrics, InputProgress.ALWAYS_CAUGHT_UP, Duration.ZERO),
            props,
            Instant.EPOCH);
    this.lines =
        driver.createInputTopic(
            topics.accessLogs().name(),
            topics.accessLogs().keySerde().serializer(),
            topics.accessLogs().valueSerde().serializer());
    this.requests =
        driver.createInputTopic(
            topics.requests().name(),
            topics.requests().keySerde().serializer(),
            topics.requests().valueSerde().serializer());
    this.configChanges =
        driver.createInputTopic(
            topics.configChanges().name(),
            topics.configChanges().keySerde().serializer(),
            topics.configChanges().valueSerde().serializer());
    this.anomalies =
        driver.createOutputTopic(
            topics.anomalies().name(),
            topics.anomalies().keySerde().deserializer(),
            topics.anomalies().valueSerde().deserializer());
    this.poolWindows =
        driver.createOutputTopic(
            topics.poolWindows().name(),
            topics.poolWindows().keySerde().deserializer(),
            topics.poolWindows().valueSerde().deserializer());
    this.deadLetters =
        driver.createOutputTopic(
            topics.deadLetters().name(),
            topics.deadLetters().keySerde().deserializer(),
            topics.deadLetters().valueSerde().deserializer());
    this.partials =
        driver.createInputTopic(
            APPLICATION_ID + "-" + FulcrumTopology.PARTIALS_REPARTITION + "-repartition",
            new StringSerializer(),
            new InternalSerde<>(ServerWindowStats.class).serializer());
    this.results =
        driver.createInputTopic(
            topics.remediationResults().name(),
            topics.remediationResults().keySerde().serializer(),
            topics.remediationResults().valueSerde().serializer());
    this.approvals =
        driver.createInputTopic(
            topics.approvals().name(),
            topics.approvals().keySerde().serializer(),
            topics.approvals().valueSerde().serializer());
    this.commands =
        driver.createOutputTopic(
            topics.rollbackCommands().name(),
            topics.rollbackCommands().keySerde().deserializer(),
            topics.rollbackCommands().valueSerde().deserializer());
    this.incidents =
        driver.createOutputTopic(
            topics.incidents().name(),
            topics.incidents().keySerde().deserializer(),
            topics.incidents().valueSerde().deserializer());
  }

  public FulcrumTopics topics() {
    return topics;
  }

  public PipelineMetrics metrics() {
    return metrics;
  }

  /**
   * One raw access-log line; the record timestamp is what a log shipper would stamp (any value
   * works).
   */
  public void line(String line, long recordTimestamp) {
    lines.pipeInput(new TestRecord<>(null, line, Instant.ofEpochMilli(recordTimestamp)));
  }

  public void request(RequestEvent event) {
    requests.pipeInput(new TestRecord<>(null, event, event.getTimestamp()));
  }

  public void configChange(LbConfigChange change) {
    configChanges.pipeInput(
        new TestRecord<>(
            change.getPool().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            change,
            change.getTimestamp()));
  }

  /** An actuator's result, keyed by its pool and stamped with its finish time. */
  public void remediationResult(RemediationResult result) {
    results.pipeInput(new TestRecord<>(result.getPool(), result, result.getFinishedAt()));
  }

  /**
   * An operator's decision as the query API publishes it: keyed by incident id, stamped when
   * accepted.
   */
  public void approval(ApprovalDecision decision) {
    approvals.pipeInput(new TestRecord<>(decision.getIncidentId(), decision, decision.getAt()));
  }

  /** Rollback commands published since the last call. */
  public List<RollbackCommand> commands() {
    return commands.readValuesToList();
  }

  /** Whether a command is waiting to be read: cheap, for checking after every input. */
  public boolean hasCommands() {
    return !commands.isEmpty();
  }

  /** Incident updates published since the last call. */
  public List<Incident> incidents() {
    return incidents.readValuesToList();
  }

  /**
   * A pre-aggregated partial straight onto the pool-partials repartition topic, as the input task
   * would have written it: how {@link FastReplay} skips the per-line work of the driver.
   */
  /**
   * Whether {@code pool} had a config change in {@code [from, to]}, as the topology's global store
   * knows.
   */
  public boolean changedBetween(String pool, long from, long to) {
    KeyValueStore<String, ConfigHistory> configs =
        driver.getKeyValueStore(ConfigHistoryUpdater.STORE);
    return ConfigTimeline.changedBetween(configs.get(pool), from, to);
  }

  public void partial(String pool, ServerWindowStats stats, long timestamp) {
    partials.pipeInput(new TestRecord<>(pool, stats, Instant.ofEpochMilli(timestamp)));
  }

  /** The topology's state stores by name: how the benchmark measures state per server. */
  public Map<String, StateStore> stateStores() {
    return driver.getAllStateStores();
  }

  /** Raw bytes onto the requests topic: how a test feeds undecodable records. */
  public void rawRequest(byte[] value) {
    driver
        .createInputTopic(topics.requests().name(), (t, v) -> (byte[]) v, (t, v) -> (byte[]) v)
        .pipeInput(new TestRecord<>(null, value, Instant.EPOCH));
  }

  /** Lets wall-clock punctuators run: how idle inputs close their windows. */
  public void advanceWallClock(Duration d) {
    driver.advanceWallClockTime(d);
  }

  /**
   * End of input: lets just enough wall-clock time pass for the last window to close (event time is
   * extrapolated only while input is idle), without closing empty windows after it.
   */
  public void finish() {
    long step = settings.flushInterval().toMillis();
    long total = settings.windowSize().toMillis() + settings.grace().toMillis() + step;
    for (long t = 0; t < total; t += step) {
      driver.advanceWallClockTime(Duration.ofMillis(step));
    }
  }

  public List<AnomalyEvent> anomalies() {
    return anomalies.readValuesToList();
  }

  public List<PoolWindow> poolWindows() {
    return poolWindows.readValuesToList();
  }

  /**
   * Reads and drops every record the driver captured on any topic, changelogs included: the test
   * driver keeps them all until read, which a long run (the bench's churn phase) would otherwise
   * count as the app's memory.
   */
  public void discardOutputs() {
    for (String topic : driver.producedTopicNames()) {
      driver
          .createOutputTopic(
              topic,
              new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
              new org.apache.kafka.common.serialization.ByteArrayDeserializer())
          .readRecordsToList();
    }
  }

  public List<TestRecord<byte[], byte[]>> deadLetters() {
    return deadLetters.readRecordsToList();
  }

  @Override
  public void close() {
    driver.close();
    MockRegistryScopes.drop(scope);
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temp directory.
    }
  }
}
