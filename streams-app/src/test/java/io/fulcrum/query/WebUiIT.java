package io.fulcrum.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.app.PipelineMetrics;
import io.fulcrum.app.StreamsApp;
import io.fulcrum.app.StreamsAppFixture;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.sim.Scenarios;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimEvent;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
  private static final long WINDOW_MS = 10_000;
  private static final Path SHOTS = Path.of("target", "ui-screenshots");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void anOperatorSeesFleetPoolAndIncidentAndItsApprovalIssuesExactlyOneRollback(@TempDir Path state)
      throws Exception {
    HeadlessChrome.require();
    int port = freePort();
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
        a.screenshot(SHOTS.resolve("failure.png")); // what the page showed when the test gave up
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
    a.screenshot(SHOTS.resolve("0-fleet-rebalancing.png"));
    app.start();
    produce(f);
    try (LiveTraffic live =
        new LiveTraffic(f, "be_web", List.of("web-1", "web-2", "web-3", "web-4"))) {
      operate(a, f, base);
    }
  }

  private void operate(HeadlessChrome a, StreamsAppFixture f, String base) throws Exception {
    WebDriver d = a.driver();

    String apiIncident = awaitIncident(base, "be_api", "AWAITING_APPROVAL");
    String shopIncident = awaitIncident(base, "be_shop", "AWAITING_APPROVAL");

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
                  .isEqualTo("healthy");
              assertThat(d.findElement(By.id("notice")).isDisplayed()).isFalse();
            });
    assertThat(d.findElements(By.cssSelector("tr[data-pool=be_web] .bar"))).hasSize(4);
    a.screenshot(SHOTS.resolve("1-fleet.png"));

    // Pool: the share chart with the bad deploy marked, the current window, the incident.
    d.findElement(By.linkText("be_api")).click();
    await()
        .atMost(Duration.ofSeconds(15))
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
    a.screenshot(SHOTS.resolve("2-pool-be_api.png"));

    // Incident: timeline, evidence, decision; two operators approve (one with a double click).
    d.findElement(By.cssSelector("#incidents a")).click();
    awaitApprovalForm(d);
    assertThat(d.getCurrentUrl()).isEqualTo(base + "/incidents/" + apiIncident);
    assertThat(d.findElements(By.cssSelector("#timeline li[data-type=APPROVAL_REQUESTED]")))
        .hasSize(1);
    assertThat(d.findElements(By.cssSelector("#evidence .evidence"))).isNotEmpty();
    assertThat(d.findElement(By.id("decision")).getText())
        .startsWith("Rollback v18 → v17 proposed");
    a.screenshot(SHOTS.resolve("3-incident-awaiting.png"));
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
    a.screenshot(SHOTS.resolve("4-incident-approved.png"));
    d.findElement(By.linkText("be_api")).click();
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        d.findElements(By.cssSelector("#chart g.marker.rollback")).stream()
                            .map(m -> m.getAttribute("data-label")))
                    .contains("rollback issued v18→v17"));
    a.screenshot(SHOTS.resolve("4b-pool-be_api-rolled-back.png"));

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
    a.screenshot(SHOTS.resolve("5-incident-declined.png"));
    assertThat(rollbackCommands(f))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getFromVersion()).isEqualTo("v18");
              assertThat(c.getToVersion()).isEqualTo("v17");
            });

    // Unknown pool and incident: a clear page, not a blank one.
    d.get(base + "/pools/no_such_pool");
    awaitText(d, By.cssSelector("#missing h1"), "Unknown pool");
    a.screenshot(SHOTS.resolve("6-unknown-pool.png"));
    d.get(base + "/incidents/be_api@2020-01-01T00:00:00Z");
    awaitText(d, By.cssSelector("#missing h1"), "Unknown incident");
  }

  /**
   * be_web keeps getting its 80 requests a second, evenly spread, at the wall clock: the pool stays
   * healthy while the test runs (the recorded traffic ends when it starts, and a silent pool is an
   * anomaly of its own).
   */
  private static final class LiveTraffic implements AutoCloseable {
    private final KafkaProducer<byte[], RequestEvent> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    LiveTraffic(StreamsAppFixture f, String pool, List<String> servers) {
      producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "linger.ms", 5),
              new ByteArraySerializer(),
              f.topics().requests().valueSerde().serializer());
      AtomicLong n = new AtomicLong();
      timer.scheduleAtFixedRate(
          () -> {
            long now = System.currentTimeMillis();
            for (int i = 0; i < 8; i++) {
              RequestEvent e =
                  RequestEvent.newBuilder()
                      .setTimestamp(java.time.Instant.ofEpochMilli(now))
                      .setPool(pool)
                      .setServer(servers.get((int) (n.getAndIncrement() % servers.size())))
                      .setStatus(200)
                      .setLatencyMs(20)
                      .build();
              producer.send(new ProducerRecord<>(f.names().requests(), null, now, null, e));
            }
          },
          0,
          100,
          TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      timer.shutdownNow();
      timer.awaitTermination(5, TimeUnit.SECONDS);
      producer.close();
    }
  }

  private static void signIn(WebDriver d, String by, String token) {
    d.findElement(By.id("by")).sendKeys(by);
    d.findElement(By.id("token")).clear();
    d.findElement(By.id("token")).sendKeys(token);
  }

  private static void awaitApprovalForm(WebDriver d) {
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .until(
            () ->
                d.findElement(By.id("approve")).isDisplayed()
                    && !d.findElements(By.cssSelector("#timeline li")).isEmpty());
  }

  private static void awaitText(WebDriver d, By by, String text) {
    AtomicReference<String> last = new AtomicReference<>("");
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              last.set(d.findElement(by).getText());
              assertThat(last.get()).contains(text);
            });
  }

  /** The id of the pool's incident once it reaches {@code state}, from the query API. */
  private String awaitIncident(String base, String pool, String state) {
    AtomicReference<String> id = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              HttpResponse<String> res =
                  http.send(
                      HttpRequest.newBuilder(URI.create(base + "/api/v1/incidents")).build(),
                      HttpResponse.BodyHandlers.ofString());
              for (JsonNode i : JsonSerde.MAPPER.readTree(res.body()).path("incidents")) {
                if (i.path("pool").asText().equals(pool)
                    && i.path("state").asText().equals(state)) {
                  id.set(i.path("incidentId").asText());
                }
              }
              return id.get() != null;
            });
    return id.get();
  }

  /** Every committed rollback command, read to the end of the topic. */
  private static List<RollbackCommand> rollbackCommands(StreamsAppFixture f) {
    List<RollbackCommand> out = new ArrayList<>();
    try (KafkaConsumer<String, RollbackCommand> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                KAFKA.bootstrapServers(),
                "group.id",
                KAFKA.uniqueName("commands"),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            f.topics().rollbackCommands().keySerde().deserializer(),
            f.topics().rollbackCommands().valueSerde().deserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(f.names().rollbackCommands()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      c.assign(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
                return parts.stream().allMatch(p -> c.position(p) >= end.get(p));
              });
    }
    return out;
  }

  /**
   * two-pools-one-broken (be_web harmless, be_api bad) and all-to-one as be_shop, each up to 40 s
   * after its bad deploy and ending about now: an idle input's event time follows the wall clock.
   */
  private static void produce(StreamsAppFixture f) {
    Map<String, Object> props =
        Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "linger.ms", 5);
    try (KafkaProducer<byte[], RequestEvent> requests =
            new KafkaProducer<>(
                props, new ByteArraySerializer(), f.topics().requests().valueSerde().serializer());
        KafkaProducer<byte[], LbConfigChange> changes =
            new KafkaProducer<>(
                props,
                new ByteArraySerializer(),
                f.topics().configChanges().valueSerde().serializer())) {
      for (String[] run :
          List.of(
              new String[] {"two-pools-one-broken", null},
              new String[] {"all-to-one", "be_shop"})) {
        long onsetOffset = Scenarios.byName(run[0]).expectation().onsetOffsetMs();
        long start = (System.currentTimeMillis() - onsetOffset - 40_000) / WINDOW_MS * WINDOW_MS;
        for (var it = Scenarios.byName(run[0]).events(start, 7); it.hasNext(); ) {
          SimEvent e = it.next();
          if (e.emitMs() >= start + onsetOffset + 40_000) {
            break;
          }
          if (e instanceof SimRequest r) {
            RequestEvent ev = SimAvro.toAvro(r);
            ev.setPool(run[1] == null ? ev.getPool() : run[1]);
            requests.send(
                new ProducerRecord<>(f.names().requests(), null, r.timestampMs(), null, ev));
          } else if (e instanceof SimConfigChange c) {
            LbConfigChange ev = SimAvro.toAvro(c);
            ev.setPool(run[1] == null ? ev.getPool() : run[1]);
            changes.send(
                new ProducerRecord<>(
                    f.names().configChanges(), ev.getPool().getBytes(StandardCharsets.UTF_8), ev));
          }
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
