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
 * Caught up means every non-empty input partition is committed to its end, and so are the app's own
 * repartition topics. Under exactly-once a repartition partition ends with a transaction marker that
 * an offset commit need not pass, so one offset of lag per internal partition is tolerated there.
 */
final class Lag {
  private final Admin admin;
  private final String group;
  private final String inputTopic;
  private final List<String> internalTopics;

  /** @param internalTopics the app's repartition topics, checked even before the app commits on them */
  Lag(Admin admin, String group, String inputTopic, List<String> internalTopics) {
    this.admin = admin;
    this.group = group;
    this.inputTopic = inputTopic;
    this.internalTopics = List.copyOf(internalTopics);
  }

  boolean caughtUp() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    List<String> topics = new java.util.ArrayList<>(internalTopics);
    topics.add(inputTopic);
    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
    committed.keySet().forEach(tp -> ask.put(tp, OffsetSpec.latest()));
    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
        d.partitions().forEach(p -> ask.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(ask).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      boolean input = e.getKey().topic().equals(inputTopic);
      OffsetAndMetadata c = committed.get(e.getKey());
      long lag = e.getValue() - (c == null ? 0 : c.offset());
      if (lag > (input ? 0 : 1)) {
        return false;
      }
    }
    return true;
  }
}
