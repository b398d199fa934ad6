package io.fulcrum.query;

import io.fulcrum.anomaly.PoolDetectorProcessor;
import io.fulcrum.anomaly.PoolWindows;
import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.detect.PoolAnalyzer;
import io.fulcrum.query.Views.AnomalyView;
import io.fulcrum.query.Views.IncidentView;
import io.fulcrum.query.Views.WindowView;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each pool's last {@code fulcrum.api.recent-windows} windows (360 by default), with the
 * pool's baseline p95 and 5xx rate per server as learned up to that window. A null verdict means
 * the pool was forgotten: its windows, anomalies and incidents leave the recent stores too. Wired
 * as the verdicts' last consumer, so a final incident published for a forgotten pool is recorded
 * before it is dropped with the rest.
 */
public final class RecentWindowsRecorder implements Processor<String, WindowVerdict, Void, Void> {
  private final PoolAnalyzer analyzer;
  private final boolean incidents;
  private final int keep;
  private KeyValueStore<String, WindowView> windows;
  private KeyValueStore<String, AnomalyView> anomalies;
  private KeyValueStore<String, IncidentView> incidentStore;
  private KeyValueStore<String, byte[]> baselines;

  /**
   * @param incidents whether the incidents store exists (remediation is on)
   */
  public RecentWindowsRecorder(PoolAnalyzer analyzer, boolean incidents, int keep) {
    this.analyzer = analyzer;
    this.incidents = incidents;
    this.keep = keep;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    windows = context.getStateStore(RecentStores.WINDOWS);
    anomalies = context.getStateStore(RecentStores.ANOMALIES);
    incidentStore = incidents ? context.getStateStore(RecentStores.INCIDENTS) : null;
    baselines = context.getStateStore(PoolDetectorProcessor.BASELINES);
  }

  @Override
  public void process(Record<String, WindowVerdict> record) {
    String pool = record.key();
    if (pool == null) {
      return;
    }
    WindowVerdict v = record.value();
    if (v == null) {
      RecentStores.deletePool(windows, pool);
      RecentStores.deletePool(anomalies, pool);
      if (incidentStore != null) {
        RecentStores.deletePool(incidentStore, pool);
      }
      return;
    }
    if (v.fast()) {
      return; // an alarm over slices, not a window
    }
    byte[] stored = baselines.get(pool);
    WindowView view =
        Views.window(
            PoolWindows.from(v), stored == null ? null : analyzer.baselineFromBytes(stored));
    long start = v.window().observation().windowStartMs();
    long size = v.window().observation().windowEndMs() - start;
    windows.put(RecentStores.key(pool, start, null), view);
    windows.put(RecentStores.latestKey(pool), view);
    // Window starts are size apart, so this keeps at most `keep` windows, and reads only what it
    // drops.
    RecentStores.deleteBefore(windows, pool, start - (keep - 1L) * size);
  }
}
