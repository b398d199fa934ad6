package io.fulcrum.demo;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real single-node KRaft broker in this JVM (Kafka's own {@code KafkaClusterTestKit}), set up for
 * exactly-once on one broker and, as in production, without automatic topic creation. It listens on
 * loopback ports of its own choosing and deletes its data directories when closed.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit kit;
  private final List<Runnable> deleteDirs;

  private EmbeddedKafka(KafkaClusterTestKit kit, List<Runnable> deleteDirs) {
    this.kit = kit;
    this.deleteDirs = deleteDirs;
  }

  public static EmbeddedKafka start() throws Exception {
    // The test kit deletes its directories in JVM shutdown hooks of its own. On Ctrl-C those would
    // race the
    // demo's orderly shutdown: the broker, finding its log directory gone, halts the JVM before
    // HAProxy is
    // stopped. So they are collected here and run by close(), after the broker has stopped.
    List<Runnable> deleteDirs = new ArrayList<>();
    Exit.setShutdownHookAdder((name, hook) -> deleteDirs.add(hook));
    KafkaClusterTestKit kit;
    try {
      kit = build();
    } finally {
      Exit.resetShutdownHookAdder();
    }
    try {
      formatQuietly(kit);
      kit.startup();
      kit.waitForReadyBrokers();
      return new EmbeddedKafka(kit, deleteDirs);
    } catch (Exception e) {
      kit.close();
      deleteDirs.forEach(Runnable::run);
      throw e;
    }
  }

  private static KafkaClusterTestKit build() throws Exception {
    return new KafkaClusterTestKit.Builder(
            new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
        // One broker: internal topics cannot have more replicas than that.
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("transaction.state.log.num.partitions", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("auto.create.topics.enable", "false")
        .setDeleteOnClose(true)
        .build();
  }

  /**
   * Kafka's storage formatter prints to System.out, which is the demo's screen: silence it
   * meanwhile.
   */
  private static void formatQuietly(KafkaClusterTestKit kit) throws Exception {
    PrintStream screen = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      kit.format();
    } finally {
      System.setOut(screen);
    }
  }

  public String bootstrapServers() {
    return kit.bootstrapServers();
  }

  /**
   * Creates {@code topics}, the {@code compacted} ones with {@code cleanup.policy=compact}, and
   * waits for them.
   */
  public void createTopics(int partitions, Collection<String> topics, Collection<String> compacted)
      throws Exception {
    List<NewTopic> all = new ArrayList<>();
    topics.forEach(t -> all.add(new NewTopic(t, partitions, (short) 1)));
    compacted.forEach(
        t ->
            all.add(
                new NewTopic(t, partitions, (short) 1)
                    .configs(
                        Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT))));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      admin.createTopics(all).all().get(30, TimeUnit.SECONDS);
      awaitDescribed(admin, all.stream().map(NewTopic::name).toList());
    }
  }

  /**
   * A topic just created may not be in the broker's metadata yet: describing it then fails with
   * UnknownTopicOrPartition, so ask again until it is (or 30 s have passed).
   */
  private static void awaitDescribed(Admin admin, List<String> names) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }

  public Set<String> topics() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      kit.close();
    } finally {
      deleteDirs.forEach(Runnable::run);
    }
  }
}
