package io.fulcrum.connect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * A task's counters as Connect plugin metrics (JMX {@code
 * kafka.connect:type=plugins,connector=..,task=..}), removed again on close. Without a metrics
 * context (a task built outside a worker) it registers nothing.
 */
public final class PluginGauges implements AutoCloseable {
  private final PluginMetrics metrics;
  private final List<MetricName> names = new ArrayList<>();

  public PluginGauges(PluginMetrics metrics) {
    this.metrics = metrics;
  }

  public PluginGauges add(String name, String description, LongSupplier value) {
    if (metrics != null) {
      MetricName mn = metrics.metricName(name, description, new LinkedHashMap<>());
      metrics.addMetric(mn, (Gauge<Long>) (config, now) -> value.getAsLong());
      names.add(mn);
    }
    return this;
  }

  @Override
  public void close() {
    names.forEach(metrics::removeMetric);
    names.clear();
  }
}
