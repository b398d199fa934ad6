package io.fulcrum.chaos;

import io.fulcrum.chaos.kafka.KafkaProcessCluster;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.serde.registry.MockRegistryScopes;
import io.fulcrum.serde.registry.RegistryHttpServer;
import io.fulcrum.sim.Expectation;
import io.fulcrum.sim.PoolConfig;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.TrafficProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fault experiment, end to end: brokers and Fulcrum app instances in their own processes, an
 * HTTP schema registry, paced HAProxy traffic with one real incident, a read_committed view of
 * every output, and at the end the comparison of the closed windows with what the input held.
 * Experiments drive it step by step (start instances, start traffic, wait, break something, repair
 * it) and call {@link #finish}.
 */
public final class ChaosRun implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);
  private final String name;
  private final ChaosPlan plan;
  private final Path dir;
  private final KafkaProcessCluster cluster;
  private final RegistryHttpServer registry;
  private final String appId;
  private final TopicNames names;
  private final FulcrumTopics topics;
  private final Outputs outputs;
  private final Map<String, String> appConfig;
  private final List<AppInstance> instances = new ArrayList<>();
  private final List<String> faults = new ArrayList<>();
  private long firstFaultAt = Long.MAX_VALUE;
  private Input input;
  private long trafficStart;

  private ChaosRun(String name, ChaosPlan plan, Path dir, int configChangesReplicas)
      throws IOException {
    this.name = name;
    this.plan = plan;
    this.dir = dir;
    // Six seconds before a silent broker is fenced, not three: on two busy cores a healthy broker
    // can miss a few
    // heartbeats, and a spurious leader move is a fault the experiment did not ask for.
    this.cluster =
        KafkaProcessCluster.start(
            plan.brokers(),
            dir.resolve("kafka"),
            Map.of("broker.session.timeout.ms", "6000", "broker.heartbeat.interval.ms", "1000"));
    String prefix = "chaos-" + name;
    this.registry =
        new RegistryHttpServer(
            MockRegistryScopes.scope(prefix + "-" + System.nanoTime()), "127.0.0.1", 0, null);
    this.appId = prefix + "-app";
    this.names = TopicNames.withPrefix(prefix);
    this.topics =
        FulcrumTopics.create(
            names,
            FulcrumTopics.KeyFormat.AVRO,
            Map.of("schema.registry.url", registry.url().toString()));
    int rf = plan.brokers();
    // Room for a 1 MB log line, as a shipper configured for long lines would need.
    cluster.createTopics(
        plan.partitions(),
        rf,
        Map.of("max.message.bytes", "2097152"),
        names.accessLogs(),
        names.requests());
    cluster.createTopics(
        1, configChangesReplicas > 0 ? configChangesReplicas : rf, Map.of(), names.configChanges());
    cluster.createTopics(
        3,
        rf,
        Map.of(),
        names.poolWindows(),
        names.anomalies(),
        names.rollbackCommands(),
        names.remediationResults(),
        names.incidents(),
        names.deadLetters());
    this.appConfig = appConfig(rf);
    this.outputs = new Outputs(cluster.bootstrapServers(), topics).start();
  }

  /**
   * Brings up the cluster, registry, topics and the output reader; {@code dir} holds every log of
   * the run.
   *
   * @param configChangesReplicas replicas of the config-changes topic; 0 for as many as brokers
   */
  public static ChaosRun start(String name, ChaosPlan plan, Path dir, int configChangesReplicas)
      throws IOException {
    log.info("chaos run {}: {}", name, plan);
    return new ChaosRun(name, plan, dir, configChangesReplicas);
  }

  private Map<String, String> appConfig(int rf) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("bootstrap.servers", cluster.bootstrapServers());
    c.put("schema.registry.url", registry.url().toString());
    c.put("application.id", appId);
    c.put("processing.guarantee", "exactly_once_v2");
    c.put("num.stream.threads", "1");
    c.put("replication.factor", Integer.toString(rf));
    // A crashed instance's tasks move after the session timeout; 10 s instead of 45 s keeps the
    // hold short.
    c.put("session.timeout.ms", "10000");
    c.put("fulcrum.signing.secret", "chaos-harness-signing-secret-0123456789");
    c.put("fulcrum.access-log.format", "haproxy");
    c.put("fulcrum.window.size", plan.window().toMillis() + "ms");
    c.put("fulcrum.window.grace", plan.grace().toMillis() + "ms");
    c.put("fulcrum.pool.partitions", Integer.toString(plan.partitions()));
    c.put("fulcrum.topic.requests", names.requests());
    c.put("fulcrum.topic.access-logs", names.accessLogs());
    c.put("fulcrum.topic.config-changes", names.configChanges());
    c.put("fulcrum.topic.pool-windows", names.poolWindows());
    c.put("fulcrum.topic.anomalies", names.anomalies());
    c.put("fulcrum.topic.rollback-commands", names.rollbackCommands());
    c.put("fulcrum.topic.remediation-results", names.remediationResults());
    c.put("fulcrum.topic.incidents", names.incidents());
    c.put("fulcrum.topic.dlq", names.deadLetters());
    return c;
  }

  public KafkaProcessCluster cluster() {
    return cluster;
  }

  public ChaosPlan plan() {
    return plan;
  }

  /** The application id, also the consumer group and the prefix of the internal topics. */
  public String appId() {
    return appId;
  }

  public TopicNames topicNames() {
    return names;
  }

  FulcrumTopics topics() {
    return topics;
  }

  Outputs outputs() {
    return outputs;
  }

  /** Starts one more app instance ({@code app-1}, {@code app-2}, ...), returning its index. */
  public int addInstance() {
    AppInstance i = AppInstance.create("app-" + (instances.size() + 1), dir, appConfig).start();
    instances.add(i);
    return instances.size() - 1;
  }

  public void startInstance(int index) {
    instances.get(index).start();
  }

  public void killInstance(int index) throws InterruptedException {
    instances.get(index).kill();
  }

  public void stopInstance(int index) throws InterruptedException {
    instances.get(index).stop();
  }

  public String instanceName(int index) {
    return instances.get(index).name();
  }

  /**
   * Starts the traffic now: healthy on every pool, then the bad deploy on the first after the
   * plan's lead.
   */
  public void startTraffic() {
    trafficStart = System.currentTimeMillis();
    input =
        new LineTraffic(
                scenario().events(trafficStart, 42),
                cluster.bootstrapServers(),
                topics,
                plan.window().toMillis())
            .start();
  }

  /**
   * A backlog of {@code valid} lines over the last {@code span} of event time, with {@code
   * malformed} records.
   */
  BulkInput bulk(long valid, long malformed, Duration span) {
    return new BulkInput(plan, cluster.bootstrapServers(), topics, valid, malformed, span);
  }

  /**
   * Feeds {@code bulk} instead of paced traffic: it is produced at once, as a backlog or a burst
   * is.
   */
  public void startBulk(BulkInput bulk) {
    trafficStart = System.currentTimeMillis();
    input = bulk.start();
  }

  private Scenario scenario() {
    Scenario.Builder b =
        Scenario.builder("chaos-" + name, plan.pools() + " pools x " + plan.servers() + " servers");
    for (int p = 0; p < plan.pools(); p++) {
      String pool = ChaosPlan.poolName(p);
      List<String> servers = new ArrayList<>();
      for (int s = 1; s <= plan.servers(); s++) {
        servers.add(pool + "-s" + s);
      }
      b.pool(
          pool,
          servers,
          TrafficProfile.constant(plan.rateRps() / plan.pools()),
          PoolConfig.even("v1", servers, "even"));
      if (p == 0) {
        b.deploy(
            plan.lead().toMillis(),
            pool,
            PoolConfig.undeclared(
                ChaosPlan.BAD_VERSION,
                Map.of(servers.get(0), 1.0),
                "typo in the server list: everything goes to " + servers.get(0)));
      }
    }
    b.expect(
        Expectation.rollback(
            plan.badPool(),
            plan.lead().toMillis(),
            ChaosPlan.BAD_VERSION,
            "v1",
            Expectation.IMBALANCE));
    return b.duration(plan.traffic().toMillis()).build();
  }

  /** Milliseconds since the traffic started. */
  public long trafficOffset() {
    return System.currentTimeMillis() - trafficStart;
  }

  /** Blocks until the traffic has run for {@code offset}. */
  public void awaitTrafficOffset(Duration offset) {
    await(
        "traffic offset " + offset,
        offset.plusSeconds(30),
        () -> trafficOffset() >= offset.toMillis());
  }

  /** Records a fault for the report; the first one starts the recovery clock. */
  public void fault(String description) {
    long now = System.currentTimeMillis();
    firstFaultAt = Math.min(firstFaultAt, now);
    faults.add(String.format("%.0f s: %s", (now - trafficStart) / 1e3, description));
    log.info("chaos run {}: fault at {} ms: {}", name, now - trafficStart, description);
  }

  /**
   * The app instance whose thread owns the pool task of {@code pool}, or -1 if none does right now.
   */
  public int poolTaskOwner(String pool) throws Exception {
    TopicPartition tp = new TopicPartition(appId + "-pool-partials-repartition", partitionOf(pool));
    try (Admin admin = cluster.admin()) {
      ConsumerGroupDescription g =
          admin.describeConsumerGroups(List.of(appId)).all().get(10, TimeUnit.SECONDS).get(appId);
      for (MemberDescription m : g.members()) {
        if (m.assignment().topicPartitions().contains(tp)) {
          for (int i = 0; i < instances.size(); i++) {
            if (m.clientId().startsWith(instances.get(i).name() + "-")) {
              return i;
            }
          }
        }
      }
    }
    return -1;
  }

  /**
   * The partition the default partitioner gives a key: pools on the pool topics, lines on the
   * input.
   */
  public int partitionOf(String pool) {
    return Utils.toPositive(Utils.murmur2(pool.getBytes(StandardCharsets.UTF_8)))
        % plan.partitions();
  }

  /** Polls {@code condition} every 100 ms until it holds, or fails naming {@code what}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  /**
   * Lets the traffic run out, waits until every pool has closed the last window the input holds,
   * and compares.
   */
  public RunReport finish(Duration timeout) throws InterruptedException {
    if (!input.awaitSent(plan.traffic().plusMinutes(2))) {
      log.warn(
          "chaos run {}: the input had not been sent 2 min after the traffic's planned end", name);
    }
    input.close(); // flushes: every record is acknowledged or failed
    long trafficEnd = System.currentTimeMillis();
    long lastWindow = input.truth().lastWindowStart();
    List<String> pools = new ArrayList<>();
    for (int p = 0; p < plan.pools(); p++) {
      pools.add(ChaosPlan.poolName(p));
    }
    try {
      await(
          "every pool to close window " + java.time.Instant.ofEpochMilli(lastWindow),
          timeout,
          () -> outputs.lowestLastWindow(pools) >= lastWindow);
    } catch (IllegalStateException e) {
      log.warn("chaos run {}: {}", name, e.getMessage());
    }
    double late = 0;
    double leftOut = 0;
    for (AppInstance i : instances) {
      if (i.isRunning()) {
        late += Math.max(0, i.metric("fulcrum_late_requests_total"));
        leftOut += Math.max(0, i.metric("fulcrum_input_tasks_left_out_total"));
      }
    }
    return RunReport.of(
        name,
        plan,
        faults,
        input,
        outputs,
        trafficStart,
        trafficEnd,
        firstFaultAt,
        late,
        leftOut,
        dir);
  }

  @Override
  public void close() throws Exception {
    if (input != null) {
      input.close();
    }
    for (AppInstance i : instances) {
      i.close();
    }
    outputs.close();
    registry.close();
    cluster.close();
  }
}
