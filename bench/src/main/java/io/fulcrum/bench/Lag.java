package io.fulcrum.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag of a Streams app: its committed offsets against the end of every partition it reads.
 * Caught up means every input partition is committed to its end, and then every partition of the
 * app's own repartition topics is committed up to where it ended at that moment: input tasks keep
 * sending a watermark a second to every pool partition, so those topics never stop growing. Under
 * exactly-once a partition ends with a transaction marker that an offset commit need not pass, so
 * one offset of lag is tolerated there.
 */
final class Lag {
  private final Admin admin;
  private final String group;
  private final String inputTopic;
  private final List<String> internalTopics;

  /** Ends of the internal partitions when the input was first seen committed to its end. */
  private Map<TopicPartition, Long> internalTargets;

  /**
   * @param internalTopics the app's repartition topics, checked even before the app commits on them
   */
  Lag(Admin admin, String group, String inputTopic, List<String> internalTopics) {
    this.admin = admin;
    this.group = group;
    this.inputTopic = inputTopic;
    this.internalTopics = List.copyOf(internalTopics);
  }

  boolean caughtUp() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    if (internalTargets == null) {
      Map<TopicPartition, Long> inputEnds = ends(List.of(inputTopic));
      if (!committedUpTo(committed, inputEnds, 0)) {
        return false;
      }
      internalTargets = ends(internalTopics);
    }
    return committedUpTo(committed, internalTargets, 1);
  }

  private static boolean committedUpTo(
      Map<TopicPartition, OffsetAndMetadata> committed,
      Map<TopicPartition, Long> targets,
      long tolerance) {
    for (Map.Entry<TopicPartition, Long> e : targets.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      if (e.getValue() - (c == null ? 0 : c.offset()) > tolerance) {
        return false;
      }
    }
    return true;
  }

  private Map<TopicPartition, Long> ends(List<String> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .forEach(
            (name, d) ->
                d.partitions()
                    .forEach(
                        p ->
                            ask.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(ask)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }
}
