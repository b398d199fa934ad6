package io.fulcrum.actuator.lab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP server on a free port that answers 200 and counts the requests it got. */
public final class CountingHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();

  public CountingHttpServer(String name) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(2));
    byte[] body = (name + "\n").getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        ex -> {
          hits.incrementAndGet();
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public int hits() {
    return hits.get();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
