package io.fulcrum.anomaly;

import io.fulcrum.detect.Analysis;
import io.fulcrum.detect.PoolAnalyzer;
import io.fulcrum.detect.PoolBaseline;
import io.fulcrum.distribution.ClosedWindow;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the detectors on each closed window against the pool's learned baseline, and updates the
 * baseline. A null window is a pool the assembler forgot: its baseline goes, and the null goes on.
 */
public final class PoolDetectorProcessor
    implements Processor<String, ClosedWindow, String, WindowVerdict> {
  public static final String BASELINES = "pool-baselines";
  private final PoolAnalyzer analyzer;
  private ProcessorContext<String, WindowVerdict> context;
  private KeyValueStore<String, byte[]> baselines;

  public PoolDetectorProcessor(PoolAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  @Override
  public void init(ProcessorContext<String, WindowVerdict> context) {
    this.context = context;
    this.baselines = context.getStateStore(BASELINES);
  }

  @Override
  public void process(Record<String, ClosedWindow> record) {
    if (record.value() == null) {
      baselines.delete(record.key());
      context.forward(record.withValue(null));
      return;
    }
    byte[] stored = baselines.get(record.key());
    PoolBaseline baseline =
        stored == null ? analyzer.newBaseline() : analyzer.baselineFromBytes(stored);
    Analysis analysis = analyzer.analyze(record.value().observation(), baseline);
    baselines.put(record.key(), baseline.toBytes());
    context.forward(
        record.withValue(new WindowVerdict(record.value(), analysis, baseline.healthyWindows())));
  }
}
