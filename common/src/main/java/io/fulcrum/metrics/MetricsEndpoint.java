package io.fulcrum.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Prometheus registry in the text exposition format on {@code GET /metrics} (and {@code /}
 * for humans), plus {@code GET /health}. Bound to loopback by default: metrics can reveal pool and
 * server names.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final HttpServer server;

  private MetricsEndpoint(PrometheusMeterRegistry registry, HttpServer server) {
    this.registry = registry;
    this.server = server;
  }

  /** A new Prometheus registry for an app to record into and this endpoint to serve. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * Starts serving {@code registry}.
   *
   * @param host the address to bind, e.g. 127.0.0.1 (default in the apps) or 0.0.0.0
   * @param port the port; 0 picks a free one (see {@link #port()})
   */
  public static MetricsEndpoint start(PrometheusMeterRegistry registry, String host, int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
      MetricsEndpoint endpoint = new MetricsEndpoint(registry, server);
      server.createContext("/metrics", endpoint::metrics);
      server.createContext("/health", ex -> respond(ex, 200, "text/plain", "ok\n"));
      server.createContext(
          "/",
          ex -> {
            if ("/".equals(ex.getRequestURI().getPath())) {
              endpoint.metrics(ex);
            } else {
              respond(ex, 404, "text/plain", "not found; try /metrics\n");
            }
          });
      server.start();
      log.info("Prometheus metrics on http://{}:{}/metrics", host, endpoint.port());
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private void metrics(HttpExchange ex) throws IOException {
    if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
      respond(ex, 405, "text/plain", "GET only\n");
      return;
    }
    respond(ex, 200, CONTENT_TYPE, registry.scrape());
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
