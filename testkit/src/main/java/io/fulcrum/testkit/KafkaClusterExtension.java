package io.fulcrum.testkit;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft cluster (Kafka's own test kit), started once per test JVM and shared by
 * every integration test. Tests isolate themselves with {@link #uniqueName(String)}.
 *
 * <pre>
 * {@code @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();}
 * </pre>
 */
public final class KafkaClusterExtension implements BeforeAllCallback {
  private static final Logger log = LoggerFactory.getLogger(KafkaClusterExtension.class);
  private static final String STORE_KEY = "fulcrum.kafka.cluster";

  private final AtomicInteger counter = new AtomicInteger();
  private volatile SharedCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    // The root store outlives every test class, so one broker serves the whole run.
    cluster =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(STORE_KEY, k -> SharedCluster.start(), SharedCluster.class);
  }

  public String bootstrapServers() {
    return started().kit.bootstrapServers();
  }

  /** A name no other test in this JVM uses: for topics, application ids and group ids. */
  public String uniqueName(String prefix) {
    return prefix
        + "-"
        + ProcessHandle.current().pid()
        + "-"
        + counter.incrementAndGet()
        + "-"
        + System.nanoTime() % 100_000;
  }

  public Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
  }

  public void createTopics(int partitions, String... names) {
    createTopics(partitions, Map.of(), names);
  }

  public void createCompactedTopics(int partitions, String... names) {
    createTopics(
        partitions,
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
        names);
  }

  private void createTopics(int partitions, Map<String, String> configs, String... names) {
    List<NewTopic> topics =
        java.util.Arrays.stream(names)
            .map(n -> new NewTopic(n, partitions, (short) 1).configs(configs))
            .toList();
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
      awaitMetadata(admin, names);
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics " + List.of(names), e);
    }
  }

  /**
   * The broker's metadata can lag the controller's "created" on a loaded machine, so describing the
   * new topics at once may fail with UnknownTopicOrPartition: retry until every partition has a
   * leader.
   */
  private static void awaitMetadata(Admin admin, String... names) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        boolean ready =
            admin
                .describeTopics(Set.of(names))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .values()
                .stream()
                .allMatch(
                    d ->
                        d.partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (ready) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause()
                instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "topics " + List.of(names) + " have partitions without a leader after 30 s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private SharedCluster started() {
    if (cluster == null) {
      throw new IllegalStateException(
          "KafkaClusterExtension must be registered as a static @RegisterExtension field");
    }
    return cluster;
  }

  /** Owns the test-kit cluster; JUnit closes it when the root context ends. */
  static final class SharedCluster implements ExtensionContext.Store.CloseableResource {
    final KafkaClusterTestKit kit;

    private SharedCluster(KafkaClusterTestKit kit) {
      this.kit = kit;
    }

    static SharedCluster start() {
      long t0 = System.nanoTime();
      try {
        KafkaClusterTestKit kit =
            new KafkaClusterTestKit.Builder(
                    new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                // A single broker: internal topics cannot have more replicas than that.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        log.info(
            "KRaft test cluster ready at {} in {} ms",
            kit.bootstrapServers(),
            (System.nanoTime() - t0) / 1_000_000);
        return new SharedCluster(kit);
      } catch (Exception e) {
        throw new IllegalStateException("could not start the KRaft test cluster", e);
      }
    }

    @Override
    public void close() throws Exception {
      kit.close();
    }
  }
}
