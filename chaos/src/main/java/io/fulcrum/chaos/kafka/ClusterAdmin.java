package io.fulcrum.chaos.kafka;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The Admin client of a {@link KafkaProcessCluster} and the questions its tests ask through it:
 * creating topics, partition leaders and ISRs, the active controller. Kept apart from the process
 * control because asking a cluster with a paused or killed node needs short timeouts and retries of
 * its own ({@link #ask}).
 */
final class ClusterAdmin implements AutoCloseable {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(20);

  private final Admin admin;

  ClusterAdmin(String bootstrapServers) {
    this.admin = Admin.create(config(bootstrapServers));
  }

  void createTopics(
      int partitions, int replicationFactor, Map<String, String> configs, String... names) {
    List<NewTopic> topics =
        Arrays.stream(names)
            .map(n -> new NewTopic(n, partitions, (short) replicationFactor).configs(configs))
            .toList();
    try {
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics " + List.of(names), e);
    }
    Poll.until(
        Duration.ofSeconds(30),
        () -> "topics " + List.of(names) + " to have a leader for every partition",
        () ->
            describe(names).values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(ClusterAdmin::hasLeader));
  }

  int leaderOf(String topic, int partition) {
    TopicPartitionInfo p = describe(topic).get(topic).partitions().get(partition);
    return hasLeader(p) ? p.leader().id() : -1;
  }

  int activeController() {
    return ask("the metadata quorum", () -> admin.describeMetadataQuorum().quorumInfo()).leaderId();
  }

  void awaitInSync(String topic, Duration timeout) {
    Poll.until(
        timeout,
        () -> "every partition of " + topic + " to be in sync; now " + isrs(topic),
        () ->
            describe(topic).get(topic).partitions().stream()
                .allMatch(p -> hasLeader(p) && ids(p.isr()).equals(ids(p.replicas()))));
  }

  Map<String, TopicDescription> describe(String... topics) {
    return ask(
        "topics " + List.of(topics), () -> admin.describeTopics(List.of(topics)).allTopicNames());
  }

  /**
   * Asks again every few seconds. A request sent to a paused node can outlive {@code
   * request.timeout.ms}: the admin client only notices its timeout when a new call wakes it up, and
   * then tries another node.
   */
  static <T> T ask(String what, Supplier<KafkaFuture<T>> request) {
    long deadline = System.nanoTime() + ASK_TIMEOUT.toNanos();
    while (true) {
      try {
        return request.get().get(4, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "no answer about " + what + " within " + ASK_TIMEOUT.toSeconds() + " s", e);
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException("could not describe " + what, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while describing " + what, e);
      }
    }
  }

  String isrs(String topic) {
    try {
      return describe(topic).get(topic).partitions().stream()
          .map(p -> p.partition() + ": isr " + ids(p.isr()) + " of " + ids(p.replicas()))
          .collect(Collectors.joining(", ", "[", "]"));
    } catch (RuntimeException e) {
      return "(unknown: " + e.getMessage() + ")";
    }
  }

  static boolean hasLeader(TopicPartitionInfo p) {
    return p.leader() != null && !p.leader().isEmpty();
  }

  static Set<Integer> ids(List<Node> nodes) {
    return nodes.stream().map(Node::id).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  static Map<String, Object> config(String bootstrap) {
    // Short timeouts: a request to a paused node must give up and try another one quickly.
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        3_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        10_000);
  }

  /** Closes the client without waiting for calls in flight. */
  @Override
  public void close() {
    admin.close(Duration.ZERO);
  }
}
