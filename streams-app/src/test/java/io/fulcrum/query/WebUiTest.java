package io.fulcrum.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The web UI's static handler, alone and behind the real HTTP server (no browser, no Kafka). */
class WebUiTest {
  private final WebUi ui = WebUi.load();
  private QueryServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void eachPageIsTheSameHtmlWhateverThePoolOrIncident() {
    assertThat(body(ui.serve("GET", "/", null))).contains("<title>Fulcrum · fleet</title>");
    assertThat(body(ui.serve("GET", "/pools/be_web", null))).contains("/ui/pool.js");
    assertThat(body(ui.serve("GET", "/pools/be:web.2", null))).contains("/ui/pool.js");
    assertThat(body(ui.serve("GET", "/incidents/be_web@2026-03-14T09:02:00Z", null)))
        .contains("/ui/incident.js");
  }

  @Test
  void servesEachAssetWithItsContentTypeAndRevalidatingCacheHeaders() {
    assertThat(ui.serve("GET", "/", null).headers())
        .containsEntry("Content-Type", "text/html; charset=utf-8")
        .containsEntry("Cache-Control", "no-cache")
        .containsEntry("X-Content-Type-Options", "nosniff")
        .hasEntrySatisfying(
            "Content-Security-Policy", csp -> assertThat(csp).contains("script-src 'self'"));
    assertThat(ui.serve("GET", "/ui/app.css", null).headers())
        .containsEntry("Content-Type", "text/css; charset=utf-8");
    assertThat(ui.serve("GET", "/ui/common.js", null).headers())
        .containsEntry("Content-Type", "text/javascript; charset=utf-8")
        .containsKey("ETag");
    assertThat(ui.serve("GET", "/ui/favicon.svg", null).headers())
        .containsEntry("Content-Type", "image/svg+xml");
  }

  @Test
  void anUnchangedAssetIsA304WithoutBody() {
    String etag = ui.serve("GET", "/ui/chart.js", null).headers().get("ETag");
    ApiResponse again = ui.serve("GET", "/ui/chart.js", etag);
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(ui.serve("GET", "/ui/chart.js", "\"other\"").status()).isEqualTo(200);
  }

  @Test
  void everyScriptAndStylesheetAPageLoadsExists() {
    Matcher m =
        Pattern.compile("(?:src|href)=\"(/ui/[^\"]+)\"")
            .matcher(
                body(ui.serve("GET", "/", null))
                    + body(ui.serve("GET", "/pools/p", null))
                    + body(ui.serve("GET", "/incidents/p@x", null)));
    int n = 0;
    while (m.find()) {
      assertThat(ui.serve("GET", m.group(1), null).status()).as(m.group(1)).isEqualTo(200);
      n++;
    }
    assertThat(n).isGreaterThanOrEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/nope",
        "/pools",
        "/pools/",
        "/pools/a/b",
        "/incidents/",
        "/ui/",
        "/ui/missing.js",
        "/ui/fleet.html",
        "/ui/../io/fulcrum/query/QueryServer.class",
        "/ui/../../etc/passwd",
        "/ui//etc/passwd",
        "/ui/app.css/",
        "/ui/./app.css",
        "/metrics",
        "/favicon.ico"
      })
  void anyOtherPathIsAJson404(String path) throws IOException {
    ApiResponse res = ui.serve("GET", path, null);
    assertThat(res.status()).isEqualTo(404);
    JsonNode body = JsonSerde.MAPPER.readTree(res.body());
    assertThat(body.path("error").asText()).startsWith("no such page");
  }

  @Test
  void pagesAreReadOnlyAndHeadHasNoBody() {
    ApiResponse post = ui.serve("POST", "/", null);
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.headers()).containsEntry("Allow", "GET, HEAD");
    ApiResponse head = ui.serve("HEAD", "/ui/app.css", null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ui/../../../../etc/passwd",
        "/ui/%2e%2e/%2e%2e/etc/passwd",
        "/ui/..%2f..%2fetc%2fpasswd",
        "/ui/%2e%2e%2fio%2ffulcrum%2fquery%2fQueryServer.class",
        "/ui/..\\..\\etc\\passwd",
        "/../../etc/passwd",
        "/pools/../ui/../../etc/passwd",
        "/ui/app.css%00.html"
      })
  void noTraversalThroughTheRealServer(String rawPath) throws IOException {
    server = QueryServer.start("127.0.0.1", 0, new QueryRouter(new NoStores()));
    String res = rawGet(server.port(), rawPath);
    assertThat(res).doesNotContain("root:", "CAFEBABE", "\u00ca\u00fe\u00ba\u00be");
    assertThat(res.lines().findFirst().orElse("")).matches("HTTP/1.1 (400|404) .*");
  }

  @Test
  void theRealServerServesPagesAndLeavesTheApiToTheRouter() throws IOException {
    server = QueryServer.start("127.0.0.1", 0, new QueryRouter(new NoStores()));
    String page = rawGet(server.port(), "/pools/be_web");
    assertThat(page)
        .startsWith("HTTP/1.1 200")
        .containsIgnoringCase("content-type: text/html; charset=utf-8")
        .contains("<script src=\"/ui/pool.js\"");
    String api = rawGet(server.port(), "/api/v2/pools");
    assertThat(api)
        .startsWith("HTTP/1.1 404")
        .containsIgnoringCase("content-type: application/json")
        .contains("no such endpoint");
  }

  private static String body(ApiResponse res) {
    assertThat(res.status()).isEqualTo(200);
    return res.bodyText();
  }

  /** A request with the path exactly as given: an HTTP client would normalise the dots away. */
  private static String rawGet(int port, String rawPath) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
