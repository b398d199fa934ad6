package io.fulcrum.distribution;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.internal.ConfigHistory;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global {@code config-history} store: every pool's recent versions, keyed by the pool
 * named in the change (producers may key the topic however they like). Kafka Streams re-runs this
 * processor on restore, so the store never holds raw topic bytes.
 */
public final class ConfigHistoryUpdater implements Processor<byte[], LbConfigChange, Void, Void> {
  public static final String STORE = "config-history";
  private KeyValueStore<String, ConfigHistory> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.store = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<byte[], LbConfigChange> record) {
    LbConfigChange change = record.value();
    if (change == null
        || change.getPool() == null
        || change.getPool().isBlank()
        || change.getVersion().isBlank()) {
      return;
    }
    store.put(change.getPool(), ConfigTimeline.append(store.get(change.getPool()), change));
  }
}
