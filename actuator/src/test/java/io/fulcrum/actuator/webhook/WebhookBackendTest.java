package io.fulcrum.actuator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fulcrum.actuator.backend.ApplyReport;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.BackendException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookBackendTest {
  private static final byte[] SECRET = "webhook-secret-0123456789".getBytes(StandardCharsets.UTF_8);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-14T09:06:00Z"), ZoneOffset.UTC);
  private static final ApplyRequest REQUEST =
      new ApplyRequest("cmd-1", "inc-1", "be_web", "v42", "v41", "imbalance");

  private record Received(String body, String signature, String timestamp, String idempotencyKey) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private HttpServer server;

  /** Answers each call with the next status; the last one repeats. */
  private URI serve(int... statuses) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/rollback",
        ex -> {
          int n = calls.getAndIncrement();
          received.add(
              new Received(
                  new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                  ex.getRequestHeaders().getFirst("X-Fulcrum-Signature"),
                  ex.getRequestHeaders().getFirst("X-Fulcrum-Timestamp"),
                  ex.getRequestHeaders().getFirst("Idempotency-Key")));
          respond(ex, statuses[Math.min(n, statuses.length - 1)]);
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/rollback");
  }

  private static void respond(HttpExchange ex, int status) throws IOException {
    byte[] body = ("status " + status).getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private static WebhookBackend backend(URI url, int retries) {
    return new WebhookBackend(
        new WebhookSettings(
            url,
            SECRET,
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            retries,
            Duration.ofMillis(10)),
        "actuator-1",
        CLOCK);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void postsASignedJsonBodyAndTakesA2xxAsApplied() throws Exception {
    ApplyReport report = backend(serve(202), 3).apply(REQUEST);

    assertThat(report.versionAfter()).isEqualTo("v41");
    assertThat(report.detail()).contains("202");
    Received r = received.get(0);
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertThat(body.get("commandId").asText()).isEqualTo("cmd-1");
    assertThat(body.get("pool").asText()).isEqualTo("be_web");
    assertThat(body.get("fromVersion").asText()).isEqualTo("v42");
    assertThat(body.get("toVersion").asText()).isEqualTo("v41");
    assertThat(body.get("actuatorId").asText()).isEqualTo("actuator-1");
    assertThat(r.timestamp()).isEqualTo(Long.toString(CLOCK.instant().getEpochSecond()));
    assertThat(r.signature())
        .isEqualTo(WebhookBackend.signature(SECRET, Long.parseLong(r.timestamp()), r.body()))
        .startsWith("sha256=")
        .hasSize(7 + 64);
    assertThat(r.signature())
        .isNotEqualTo(
            WebhookBackend.signature(
                "another-secret-0123456".getBytes(StandardCharsets.UTF_8),
                Long.parseLong(r.timestamp()),
                r.body()));
    assertThat(r.idempotencyKey()).isEqualTo("cmd-1");
  }

  @Test
  void retries5xxWithBackoffUntilSuccess() throws Exception {
    ApplyReport report = backend(serve(503, 500, 200), 3).apply(REQUEST);

    assertThat(calls.get()).isEqualTo(3);
    assertThat(report.detail()).contains("attempt 3");
    assertThat(received).extracting(Received::body).containsOnly(received.get(0).body());
  }

  @Test
  void givesUpAfterTheLastRetryWithTheLastStatus() throws Exception {
    URI url = serve(502);

    assertThatThrownBy(() -> backend(url, 2).apply(REQUEST))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("after 3 attempts")
        .hasMessageContaining("HTTP 502");
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void aClientErrorFailsAtOnce() throws Exception {
    URI url = serve(409);

    assertThatThrownBy(() -> backend(url, 3).apply(REQUEST))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("refused the rollback")
        .hasMessageContaining("HTTP 409");
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void retriesConnectionErrors() throws Exception {
    URI url = serve(200);
    server.stop(0);
    server = null;

    assertThatThrownBy(() -> backend(url, 1).apply(REQUEST))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("after 2 attempts")
        .hasMessageContaining("ConnectException");
  }
}
