package io.fulcrum.serde;

import org.apache.kafka.common.serialization.Serde;

/** A topic with the serdes of its keys and values: the only place a topic name meets its types. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
  public Topic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
  }
}
