package io.fulcrum.connect.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/** The task's {@link TailStats} as plugin metrics (JMX group kafka.connect:type=plugins, per connector and task). */
final class SourceMetrics implements AutoCloseable {
  private final PluginMetrics metrics;
  private final List<MetricName> names = new ArrayList<>();

  private SourceMetrics(PluginMetrics metrics) {
    this.metrics = metrics;
  }

  static SourceMetrics register(PluginMetrics metrics, TailStats stats) {
    SourceMetrics m = new SourceMetrics(metrics);
    if (metrics != null) {
      m.add("access-log-lines-read-total", "Complete lines read from the access logs.", stats.linesRead);
      m.add("access-log-rotations-total", "Rename rotations followed.", stats.rotations);
      m.add("access-log-truncations-total", "Truncations (copytruncate) detected.", stats.truncations);
      m.add("access-log-oversized-lines-total", "Lines longer than max.line.bytes, skipped.", stats.oversizedLines);
      m.add("access-log-unparsed-lines-total", "Lines that did not parse (avro mode), skipped.", stats.unparsedLines);
      m.add("access-log-lost-files-total", "Rotated or copied files that could not be found to finish reading.",
          stats.lostRotatedFiles);
    }
    return m;
  }

  private void add(String name, String description, AtomicLong counter) {
    MetricName mn = metrics.metricName(name, description, new LinkedHashMap<>());
    metrics.addMetric(mn, (Gauge<Long>) (config, now) -> counter.get());
    names.add(mn);
  }

  @Override
  public void close() {
    names.forEach(metrics::removeMetric);
    names.clear();
  }
}
