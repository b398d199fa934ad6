package io.fulcrum.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API and the web UI ({@link WebUi}) over the JDK's HTTP server. Any failure past the
 * router is logged here and answered as a JSON 500: a client never sees a stack trace.
 */
public final class QueryServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
  private final HttpServer server;
  private final ExecutorService executor;

  private QueryServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code host:port} and serves {@code router}; a few threads, as a forwarded request waits
   * on another instance.
   */
  public static QueryServer start(String host, int port, QueryRouter router) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      ExecutorService executor =
          Executors.newFixedThreadPool(
              4,
              r -> {
                Thread t = new Thread(r, "fulcrum-query-api");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      WebUi ui = WebUi.load();
      server.createContext("/", ex -> handle(ex, router, ui));
      server.start();
      log.info(
          "query API on http://{}:{}{}, web UI on http://{}:{}/",
          host,
          server.getAddress().getPort(),
          QueryRouter.PREFIX,
          host,
          server.getAddress().getPort());
      return new QueryServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve the query API on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange ex, QueryRouter router, WebUi ui) throws IOException {
    ApiResponse res;
    try {
      String path = ex.getRequestURI().getPath();
      if (WebUi.owns(path)) {
        res =
            ui.serve(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("If-None-Match"));
      } else {
        res = api(ex, router, path);
      }
    } catch (RuntimeException e) {
      log.warn("query API failed on {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
      res =
          ApiResponse.error(
              500, "internal error: " + e.getClass().getSimpleName() + " (see the instance's log)");
    }
    send(ex, res);
  }

  private static ApiResponse api(HttpExchange ex, QueryRouter router, String path)
      throws IOException {
    boolean forwarded = ex.getRequestHeaders().getFirst(ApiResponse.FORWARDED) != null;
    byte[] body = "POST".equals(ex.getRequestMethod()) ? body(ex) : null;
    return body == null && "POST".equals(ex.getRequestMethod())
        ? ApiResponse.error(413, "the body is larger than " + ApprovalEndpoint.MAX_BODY + " bytes")
        : router.route(
            ex.getRequestMethod(),
            path,
            ex.getRequestURI().getRawQuery(),
            forwarded,
            ex.getRequestHeaders().getFirst("Authorization"),
            body);
  }

  private static void send(HttpExchange ex, ApiResponse res) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    res.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(res.status(), res.body().length == 0 ? -1 : res.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(res.body());
    }
  }

  /** The request body, or null when it exceeds {@link ApprovalEndpoint#MAX_BODY}. */
  private static byte[] body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(ApprovalEndpoint.MAX_BODY + 1);
      return b.length > ApprovalEndpoint.MAX_BODY ? null : b;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
