package io.fulcrum.query;

import static io.fulcrum.query.WebUiFixtures.awaitApprovalForm;
import static io.fulcrum.query.WebUiFixtures.awaitIncident;
import static io.fulcrum.query.WebUiFixtures.awaitText;
import static io.fulcrum.query.WebUiFixtures.rollbackCommands;
import static io.fulcrum.query.WebUiFixtures.screenshot;
import static io.fulcrum.query.WebUiFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.app.PipelineMetrics;
import io.fulcrum.app.StreamsApp;
import io.fulcrum.app.StreamsAppFixture;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The web UI in a real headless chromium over a real app (approve mode) on a real broker. Three
 * pools: be_web (harmless deploy), be_api (bad deploy, approved from two browsers, one with a
 * double click) and be_shop (bad deploy, declined). Screenshots go to target/ui-screenshots/.
 */
class WebUiIT {
  @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();
  private static final String TOKEN = "web-ui-it-token-0123";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void anOperatorSeesFleetPoolAndIncidentAndItsApprovalIssuesExactlyOneRollback(@TempDir Path state)
      throws Exception {
    HeadlessChrome.require();
    int port = WebUiFixtures.freePort();
    StreamsAppFixture f =
        StreamsAppFixture.create(
            KAFKA,
            state,
            Map.of(
                "fulcrum.api.port",
                Integer.toString(port),
                "fulcrum.remediation.mode",
                "approve",
                "fulcrum.api.approve-token",
                TOKEN,
                "fulcrum.signing.secret",
                "web-ui-it-signing-secret-0123",
                "fulcrum.metrics.enabled",
                "false"));
    String base = "http://127.0.0.1:" + port;
    try (StreamsApp app =
            new StreamsApp(f.settings(), new PipelineMetrics(new SimpleMeterRegistry()));
        HeadlessChrome a = HeadlessChrome.start()) {
      try {
        walkThrough(app, a, f, base);
      } catch (AssertionError | RuntimeException e) {
        screenshot(a, "failure.png"); // what the page showed when the test gave up
        throw e;
      }
    }
  }

  private void walkThrough(StreamsApp app, HeadlessChrome a, StreamsAppFixture f, String base)
      throws Exception {
    // Before Kafka Streams runs, every answer is a 503: the page says so and keeps retrying.
    WebDriver d = a.driver();
    d.get(base + "/");
    awaitText(d, By.id("notice"), "Rebalancing, retrying");
    screenshot(a, "0-fleet-rebalancing.png");
    app.start();
    long recordedUntil = WebUiFixtures.produce(KAFKA, f);
    try (WebUiFixtures.LiveTraffic live =
        new WebUiFixtures.LiveTraffic(
            KAFKA, f, "be_web", List.of("web-1", "web-2", "web-3", "web-4"), recordedUntil)) {
      operate(a, f, base);
    }
  }

  private void operate(HeadlessChrome a, StreamsAppFixture f, String base) throws Exception {
    WebDriver d = a.driver();

    String apiIncident = awaitIncident(http, base, "be_api", "AWAITING_APPROVAL");
    String shopIncident = awaitIncident(http, base, "be_shop", "AWAITING_APPROVAL");

    // Fleet: one row per pool, state as colour and text, links to the pool pages.
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(
                      d.findElements(By.cssSelector("#pools tbody tr")).stream()
                          .map(r -> r.getAttribute("data-pool")))
                  .containsExactly("be_api", "be_shop", "be_web");
              assertThat(d.findElement(By.cssSelector("tr[data-pool=be_api] .badge")).getText())
                  .isEqualTo("incident: awaiting approval");
              assertThat(d.findElement(By.cssSelector("tr[data-pool=be_web] .badge")).getText())
                  .as(() -> "be_web as the API has it: " + body(base + "/api/v1/pools/be_web"))
                  .isEqualTo("healthy");
              assertThat(d.findElement(By.id("notice")).isDisplayed()).isFalse();
            });
    assertThat(d.findElements(By.cssSelector("tr[data-pool=be_web] .bar"))).hasSize(4);
    screenshot(a, "1-fleet.png");

    // Pool: the share chart with the bad deploy marked, the current window, the incident.
    d.findElement(By.linkText("be_api")).click();
    // The chart ends at the latest closed window: the rollback shows once the window holding it has
    // closed (10 s and the grace) and the page has refreshed (5 s).
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(
                      d.findElements(By.cssSelector("#chart g.series-group")).stream()
                          .map(g -> g.getAttribute("data-server")))
                  .containsExactly("api-1", "api-2", "api-3");
              assertThat(d.findElements(By.cssSelector("#chart g.series-group polyline")))
                  .hasSizeGreaterThanOrEqualTo(3);
              assertThat(
                      d.findElements(By.cssSelector("#chart g.marker.deploy")).stream()
                          .map(m -> m.getAttribute("data-label")))
                  .contains("deploy v18");
              assertThat(d.findElements(By.cssSelector("#incidents tr[data-incident]"))).hasSize(1);
              assertThat(d.findElements(By.cssSelector("#servers tbody tr"))).hasSize(3);
            });
    screenshot(a, "2-pool-be_api.png");

    // Incident: timeline, evidence, decision; two operators approve (one with a double click).
    d.findElement(By.cssSelector("#incidents a")).click();
    awaitApprovalForm(d);
    assertThat(d.getCurrentUrl()).isEqualTo(base + "/incidents/" + apiIncident);
    assertThat(d.findElements(By.cssSelector("#timeline li[data-type=APPROVAL_REQUESTED]")))
        .hasSize(1);
    assertThat(d.findElements(By.cssSelector("#evidence .evidence"))).isNotEmpty();
    assertThat(d.findElement(By.id("decision")).getText())
        .startsWith("Rollback v18 → v17 proposed");
    screenshot(a, "3-incident-awaiting.png");
    try (HeadlessChrome b = HeadlessChrome.start()) {
      WebDriver e = b.driver();
      e.get(base + "/incidents/" + apiIncident);
      awaitApprovalForm(e);
      signIn(d, "alice", TOKEN);
      signIn(e, "bob", TOKEN);
      new Actions(d).doubleClick(d.findElement(By.id("approve"))).perform();
      e.findElement(By.id("approve")).click();
      awaitText(d, By.id("answer"), "Accepted (202)");
      awaitText(e, By.id("answer"), "Accepted (202)");
      assertThat(d.getCurrentUrl()).doesNotContain(TOKEN);
    }
    // Both answers were processed once the second shows as ignored; the first issued the only
    // command.
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(d.findElements(By.cssSelector("#timeline li[data-type=APPROVED]")))
                  .hasSize(1);
              assertThat(d.findElements(By.cssSelector("#timeline li[data-type=APPROVAL_IGNORED]")))
                  .isNotEmpty();
              assertThat(d.findElement(By.id("incident-state")).getText())
                  .isEqualTo("rollback issued");
            });
    assertThat(d.findElement(By.id("approval")).isDisplayed()).isFalse();
    screenshot(a, "4-incident-approved.png");
    d.findElement(By.linkText("be_api")).click();
    // The chart ends at the latest closed window: the rollback shows once the window holding it has
    // closed (10 s and the grace) and the page has refreshed (5 s).
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        d.findElements(By.cssSelector("#chart g.marker.rollback")).stream()
                            .map(m -> m.getAttribute("data-label")))
                    .contains("rollback issued v18→v17"));
    screenshot(a, "4b-pool-be_api-rolled-back.png");

    // Decline on be_shop: a wrong token is refused readably, a reason is required, the decline
    // shows up.
    d.get(base + "/incidents/" + shopIncident);
    awaitApprovalForm(d);
    d.findElement(By.id("by")).clear();
    signIn(d, "carol", "not-the-token");
    d.findElement(By.id("decline")).click();
    d.findElement(By.id("confirm-decline")).click();
    awaitText(d, By.id("answer"), "A decline needs a reason");
    d.findElement(By.id("reason-input")).sendKeys("<b>peak sale</b>, roll back after 18:00");
    d.findElement(By.id("confirm-decline")).click();
    awaitText(d, By.id("answer"), "Token rejected (401)");
    d.findElement(By.id("token")).clear();
    d.findElement(By.id("token")).sendKeys(TOKEN);
    d.findElement(By.id("confirm-decline")).click();
    awaitText(d, By.id("answer"), "Accepted (202)");
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              WebElement declined =
                  d.findElement(By.cssSelector("#timeline li[data-type=DECLINED]"));
              assertThat(declined.getText())
                  .contains("declined by carol: <b>peak sale</b>, roll back after 18:00");
              assertThat(d.findElement(By.id("incident-state")).getText()).isEqualTo("alert only");
            });
    screenshot(a, "5-incident-declined.png");
    assertThat(rollbackCommands(KAFKA, f))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getFromVersion()).isEqualTo("v18");
              assertThat(c.getToVersion()).isEqualTo("v17");
            });

    // Unknown pool and incident: a clear page, not a blank one.
    d.get(base + "/pools/no_such_pool");
    awaitText(d, By.cssSelector("#missing h1"), "Unknown pool");
    screenshot(a, "6-unknown-pool.png");
    d.get(base + "/incidents/be_api@2020-01-01T00:00:00Z");
    awaitText(d, By.cssSelector("#missing h1"), "Unknown incident");
  }

  /** A page's body for a failure message; the failure itself if there is none. */
  private String body(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
