package io.fulcrum.query;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's stores through Kafka Streams' Interactive Queries, never a partial answer. Kafka
 * Streams leaves a task that is still being created or restored out of an all-partitions read
 * without saying so: an instance that has just taken a pool over would answer "unknown pool", or a
 * list without it. So a keyed read asks for the key's own partition, and a list first asks for each
 * partition the assignment gives this instance; either throws {@link InvalidStateStoreException} (a
 * 503 upstream) until the partition is queryable.
 */
public final class StreamsStores implements LocalReader.Stores {
  private final KafkaStreams streams;
  private final HostInfo self;

  public StreamsStores(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  @Override
  public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    for (int partition : assignedPartitions(name)) {
      store(name, partition); // throws while that partition is being created, restored or moved
    }
    return streams.store(params(name));
  }

  @Override
  public <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
    return streams.store(this.<V>params(name).withPartition(partition));
  }

  /**
   * The store's partitions whose active task the assignment gives this instance. The assignment is
   * known before the tasks exist; asking where a key of each partition lives reads it through
   * public API (a partitioner that names the partition). None for a global store.
   */
  Set<Integer> assignedPartitions(String name) {
    AtomicInteger count = new AtomicInteger(-1);
    streams.queryMetadataForKey(
        name,
        "",
        (topic, key, value, partitions) -> {
          count.set(partitions);
          return Optional.of(Set.of(0));
        });
    Set<Integer> mine = new HashSet<>();
    for (int p = 0; p < count.get(); p++) {
      Set<Integer> only = Set.of(p);
      KeyQueryMetadata md =
          streams.queryMetadataForKey(name, "", (topic, key, value, n) -> Optional.of(only));
      if (self.equals(md.activeHost())) {
        mine.add(p);
      }
    }
    return mine;
  }

  private <V> StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params(String name) {
    return StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
  }
}
