package io.fulcrum.metrics;

import io.fulcrum.config.RawConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an app serves its Prometheus metrics. Keys: {@code fulcrum.metrics.enabled} (default true),
 * {@code fulcrum.metrics.host} (default 127.0.0.1: loopback only), {@code fulcrum.metrics.port} (0
 * = any free port).
 */
public record MetricsSettings(boolean enabled, String host, int port) {
  public static final String ENABLED = "fulcrum.metrics.enabled";
  public static final String HOST = "fulcrum.metrics.host";
  public static final String PORT = "fulcrum.metrics.port";

  /** The keys with their defaults, for an app's defaults map; each app has its own default port. */
  public static Map<String, String> defaults(int defaultPort) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(ENABLED, "true");
    d.put(HOST, "127.0.0.1");
    d.put(PORT, Integer.toString(defaultPort));
    return d;
  }

  public static MetricsSettings from(RawConfig c) {
    return new MetricsSettings(c.bool(ENABLED), c.string(HOST), c.port(PORT));
  }

  /** Starts the endpoint when enabled; null otherwise. */
  public MetricsEndpoint startIfEnabled(
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry) {
    return enabled ? MetricsEndpoint.start(registry, host, port) : null;
  }
}
