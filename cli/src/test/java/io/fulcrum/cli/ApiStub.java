package io.fulcrum.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stub of the query API on a free loopback port: each request gets what {@code answers} returns
 * for it.
 */
final class ApiStub implements AutoCloseable {
  /** One request as the stub saw it. */
  record Request(String method, String path, String authorization, String body) {}

  /** What to send back. */
  record Answer(int status, String body) {}

  interface Answers {
    Answer answer(Request request);
  }

  private final HttpServer server;

  private ApiStub(HttpServer server) {
    this.server = server;
  }

  static ApiStub start(Answers answers) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Answer a =
                answers.answer(
                    new Request(
                        ex.getRequestMethod(),
                        ex.getRequestURI().getPath(),
                        ex.getRequestHeaders().getFirst("Authorization"),
                        body));
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(bytes);
            }
          });
      server.start();
      return new ApiStub(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
