package io.fulcrum.connect.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/** The sink task's counters as plugin metrics (JMX group kafka.connect:type=plugins, per connector and task). */
final class SinkMetrics implements AutoCloseable {
  private final PluginMetrics metrics;
  private final List<MetricName> names = new ArrayList<>();

  private SinkMetrics(PluginMetrics metrics) {
    this.metrics = metrics;
  }

  static SinkMetrics register(PluginMetrics metrics, SinkStats stats, Supplier<Integer> firing) {
    SinkMetrics m = new SinkMetrics(metrics);
    if (metrics != null) {
      m.add("alerts-sent-total", "Alerts Alertmanager accepted (re-sends included).", () -> stats.sent.get());
      m.add("alert-delivery-failures-total", "Batches no Alertmanager accepted (each is redelivered).",
          () -> stats.failures.get());
      m.add("alerts-firing", "Alerts this task keeps firing (re-sent every alert.resend.interval.ms).",
          () -> firing.get().longValue());
    }
    return m;
  }

  private void add(String name, String description, Supplier<Long> value) {
    MetricName mn = metrics.metricName(name, description, new LinkedHashMap<>());
    metrics.addMetric(mn, (Gauge<Long>) (config, now) -> value.get());
    names.add(mn);
  }

  @Override
  public void close() {
    names.forEach(metrics::removeMetric);
    names.clear();
  }
}
