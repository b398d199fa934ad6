package io.fulcrum.chaos.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft cluster whose nodes (combined broker+controller, ids 1..N) are separate JVMs, so a test
 * can SIGKILL, SIGTERM, SIGSTOP and restart a single broker. Slower to start than the in-JVM the
 * test kit's in-JVM {@code KafkaClusterExtension} (seconds, not one), so use it only for
 * fault-injection tests.
 *
 * <p>Node {@code i} keeps its ports and {@code <dir>/node-<i>} log dir across restarts and logs to
 * {@code <dir>/node-<i>.log}. {@link #close()} kills every node and deletes nothing.
 *
 * <p>Each node's process is a {@link KafkaNode}; the Admin queries (topics, leaders, ISRs, the
 * active controller) are {@link ClusterAdmin}'s. This class starts the cluster and exposes both.
 */
public final class KafkaProcessCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaProcessCluster.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Map<Integer, KafkaNode> nodes;
  private final ClusterAdmin admin;

  private KafkaProcessCluster(Map<Integer, KafkaNode> nodes) {
    this.nodes = nodes;
    this.admin = new ClusterAdmin(bootstrapServers());
  }

  public static KafkaProcessCluster start(int nodes, Path dir) {
    return start(nodes, dir, Map.of());
  }

  /**
   * Starts {@code nodes} (1 or 3 make sense) combined nodes and waits until every one is registered
   * and unfenced.
   *
   * @param dir the caller's (temporary) directory for configs, log dirs and node logs
   * @param brokerOverrides broker properties that replace or add to {@link #defaults(int)}
   */
  public static KafkaProcessCluster start(
      int nodes, Path dir, Map<String, String> brokerOverrides) {
    if (nodes < 1) {
      throw new IllegalArgumentException("a cluster needs at least one node, not " + nodes);
    }
    long t0 = System.nanoTime();
    Path log4j = copyLog4jConfig(dir);
    int[] ports = FreePorts.below(FreePorts.ephemeralRangeStart(), 2 * nodes);
    String clusterId = Uuid.randomUuid().toString();
    Map<Integer, KafkaNode> all = new TreeMap<>();
    for (int id = 1; id <= nodes; id++) {
      all.put(id, new KafkaNode(id, ports[2 * id - 2], ports[2 * id - 1], dir, log4j, clusterId));
    }
    String voters =
        all.values().stream()
            .map(n -> n.id + "@127.0.0.1:" + n.controllerPort)
            .collect(Collectors.joining(","));
    for (KafkaNode n : all.values()) {
      Map<String, String> props = new LinkedHashMap<>(defaults(nodes));
      props.put("node.id", Integer.toString(n.id));
      props.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + n.brokerPort + ",CONTROLLER://127.0.0.1:" + n.controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + n.brokerPort);
      props.put("controller.quorum.voters", voters);
      props.put("log.dirs", n.logDir.toString());
      props.putAll(brokerOverrides);
      n.writeConfig(props);
    }
    KafkaProcessCluster cluster = new KafkaProcessCluster(all);
    try {
      // All at once: with three voters no node can become ready before a majority of them runs.
      all.values().forEach(KafkaNode::launch);
      for (KafkaNode n : all.values()) {
        cluster.awaitReady(n);
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    log.info(
        "{}-node KRaft process cluster ready at {} in {} ms (dir {})",
        nodes,
        cluster.bootstrapServers(),
        millisSince(t0),
        dir);
    return cluster;
  }

  /**
   * The broker settings every node gets before the overrides. Failover is tuned to take seconds: a
   * SIGKILLed or SIGSTOPped broker stops heartbeating and is fenced (its leaderships move and it
   * leaves every ISR) after {@code broker.session.timeout.ms}; a follower that is alive but not
   * fetching leaves the ISR after {@code replica.lag.time.max.ms}; a dead raft leader (the active
   * controller) is replaced after {@code controller.quorum.fetch.timeout.ms} plus up to {@code
   * controller.quorum.election.timeout.ms}. Three seconds are six heartbeats: enough that a GC
   * pause or a busy two-core machine does not fence a healthy node, short enough that a killed
   * leader's partitions move within about 3-6 s.
   */
  public static Map<String, String> defaults(int nodes) {
    String rf = Integer.toString(Math.min(3, nodes));
    String minIsr = Integer.toString(Math.min(2, nodes));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("offsets.topic.replication.factor", rf);
    p.put("transaction.state.log.replication.factor", rf);
    p.put("share.coordinator.state.topic.replication.factor", rf);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("min.insync.replicas", minIsr);
    // 50 partitions x 3 replicas each would make the first group or transaction slow on two cores.
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    // Fenced 3 s after the last heartbeat (defaults 2 s / 9 s).
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("broker.session.timeout.ms", "3000");
    // Out of the ISR after 5 s without fetching (default 30 s).
    p.put("replica.lag.time.max.ms", "5000");
    // Raft: defaults 2 s / 1 s, already quick; stated so a test's timing does not depend on them
    // silently.
    p.put("controller.quorum.fetch.timeout.ms", "2000");
    p.put("controller.quorum.election.timeout.ms", "1000");
    // Leaders move only when a test breaks something, never by a background preferred-leader
    // election.
    p.put("auto.leader.rebalance.enable", "false");
    return p;
  }

  /** {@code host:port} of every node's broker listener. */
  public String bootstrapServers() {
    return nodes.values().stream().map(KafkaNode::bootstrap).collect(Collectors.joining(","));
  }

  /** {@code host:port} of one node's broker listener. */
  public String bootstrapServers(int node) {
    return node(node).bootstrap();
  }

  public Set<Integer> nodeIds() {
    return nodes.keySet();
  }

  /** A new Admin client for all nodes; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /** Creates the topics and waits until every partition has a leader. */
  public void createTopics(
      int partitions, int replicationFactor, Map<String, String> configs, String... names) {
    admin.createTopics(partitions, replicationFactor, configs, names);
  }

  /**
   * The node that leads the partition, or -1 while it has none (as Kafka's {@link Node#noNode()}).
   */
  public int leaderOf(String topic, int partition) {
    return admin.leaderOf(topic, partition);
  }

  /** The node that is the active controller (the raft leader of the metadata quorum). */
  public int activeController() {
    return admin.activeController();
  }

  /** Waits until every partition of the topic has a leader and its ISR is all of its replicas. */
  public void awaitInSync(String topic, Duration timeout) {
    admin.awaitInSync(topic, timeout);
  }

  /** SIGKILL: no clean shutdown, no flush. Waits until the process is gone. */
  public void kill(int node) {
    node(node).kill();
    log.info("node {} killed", node);
  }

  /**
   * SIGTERM: Kafka's controlled shutdown (leaderships handed over, logs flushed). Waits for the
   * exit.
   */
  public void stop(int node) {
    long t0 = System.nanoTime();
    node(node).stop();
    log.info("node {} stopped cleanly in {} ms", node, millisSince(t0));
  }

  /**
   * SIGSTOP: the process freezes with its sockets open, like a long GC pause or a hung host. The
   * kernel still accepts connections to it, so clients wait for their timeouts; an Admin call that
   * picks it can wait for its whole API timeout, so give such calls a short {@code timeoutMs}.
   */
  public void pause(int node) {
    node(node).pause();
  }

  /** SIGCONT for a {@link #pause(int) paused} node. */
  public void resume(int node) {
    node(node).resume();
  }

  /**
   * Starts a stopped or killed node again with the same id, ports and log dirs, and waits until it
   * is registered and unfenced. Catching up its replicas is another matter: see {@link
   * #awaitInSync}.
   */
  public void start(int node) {
    long t0 = System.nanoTime();
    KafkaNode n = node(node);
    n.launch();
    awaitReady(n);
    log.info("node {} (pid {}) back in the cluster in {} ms", node, n.pid(), millisSince(t0));
  }

  public long pid(int node) {
    return node(node).pid();
  }

  /** Whether the node's process is alive (a paused one is). */
  public boolean isRunning(int node) {
    return node(node).isRunning();
  }

  /** Whether the node is {@link #pause(int) paused} and not yet resumed. */
  public boolean isPaused(int node) {
    return node(node).isPaused();
  }

  public Path logFile(int node) {
    return node(node).logFile;
  }

  /** The node's {@code log.dirs} (its only one). */
  public Path logDir(int node) {
    return node(node).logDir;
  }

  /** The last lines of the node's log, for failure messages. */
  public String logTail(int node, int lines) {
    return node(node).logTail(lines);
  }

  /** Kills every node (SIGKILL: a test is over, nothing to preserve) and deletes nothing. */
  @Override
  public void close() {
    admin.close();
    for (KafkaNode n : nodes.values()) {
      if (n.isRunning()) {
        n.kill();
      }
    }
  }

  /**
   * Ready means the node answers on its own listener and its metadata lists it as an unfenced
   * broker (describeCluster leaves fenced brokers out), so the controller has accepted it.
   */
  private void awaitReady(KafkaNode n) {
    long t0 = System.nanoTime();
    try (Admin own = Admin.create(ClusterAdmin.config(n.bootstrap()))) {
      Poll.until(
          READY_TIMEOUT,
          () ->
              "node "
                  + n.id
                  + " to be registered and unfenced; see "
                  + n.logFile
                  + "\n"
                  + n.logTail(20),
          () -> {
            n.requireAlive("starting");
            return own
                .describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                .nodes()
                .get(3, TimeUnit.SECONDS)
                .stream()
                .anyMatch(node -> node.id() == n.id);
          });
    }
    log.info("node {} (pid {}) ready in {} ms", n.id, n.pid(), millisSince(t0));
  }

  private KafkaNode node(int id) {
    KafkaNode n = nodes.get(id);
    if (n == null) {
      throw new IllegalArgumentException("no node " + id + "; the nodes are " + nodes.keySet());
    }
    return n;
  }

  private static Path copyLog4jConfig(Path dir) {
    Path target = dir.resolve("log4j2-node.xml");
    try (InputStream in = KafkaProcessCluster.class.getResourceAsStream("kafka-node-log4j2.xml")) {
      if (in == null) {
        throw new IllegalStateException("kafka-node-log4j2.xml missing from the chaos jar");
      }
      Files.createDirectories(dir);
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
