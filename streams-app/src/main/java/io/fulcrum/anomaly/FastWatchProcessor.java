package io.fulcrum.anomaly;

import io.fulcrum.detect.PoolAnalyzer;
import io.fulcrum.detect.sequential.SequentialSettings;
import io.fulcrum.distribution.ClosedWindow;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link FastWatches} over closed slices against the baselines the window detector keeps (read
 * only), and forwards the alarm verdict, stamped with the end of the slice that decided. A null
 * value (a forgotten pool) is dropped here: the window path carries it on.
 */
public final class FastWatchProcessor
    implements Processor<String, ClosedWindow, String, WindowVerdict> {
  private static final Logger log = LoggerFactory.getLogger(FastWatchProcessor.class);
  private final PoolAnalyzer analyzer;
  private final SequentialSettings settings;
  private FastWatches watches;
  private ProcessorContext<String, WindowVerdict> context;
  private KeyValueStore<String, byte[]> baselines;

  public FastWatchProcessor(PoolAnalyzer analyzer, SequentialSettings settings) {
    this.analyzer = analyzer;
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, WindowVerdict> context) {
    this.context = context;
    this.baselines = context.getStateStore(PoolDetectorProcessor.BASELINES);
    this.watches = new FastWatches(analyzer, settings);
  }

  @Override
  public void process(Record<String, ClosedWindow> record) {
    if (record.value() == null) {
      watches.forget(record.key());
      return;
    }
    watches
        .slice(
            record.value(),
            () -> {
              byte[] stored = baselines.get(record.key());
              return stored == null ? null : analyzer.baselineFromBytes(stored);
            })
        .ifPresent(
            v -> {
              log.info(
                  "fast path: {} blames config {}: {}",
                  record.key(),
                  v.blamedChange().getVersion(),
                  v.analysis().findings().get(0).headline());
              context.forward(record.withValue(v).withTimestamp(v.window().closedAt()));
            });
  }
}
