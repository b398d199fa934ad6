package io.fulcrum.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * {@link WebUiIT}'s fixtures: the recorded and the live traffic it feeds the broker, the
 * screenshots, the page helpers (signing in, waiting for a text or the approval form) and what it
 * reads back (incidents from the query API, rollback commands from the topic). Split from the IT so
 * that the test reads as the operator's walk through the pages.
 */
final class WebUiFixtures {
  private static final long WINDOW_MS = 10_000;
  private static final Path SHOTS = Path.of("target", "ui-screenshots");

  private WebUiFixtures() {}

  /** Saves what {@code browser} shows as {@code name} under target/ui-screenshots/. */
  static void screenshot(HeadlessChrome browser, String name) {
    browser.screenshot(SHOTS.resolve(name));
  }

  /**
   * be_web keeps getting its 80 requests a second, evenly spread, at the wall clock: the pool stays
   * healthy while the test runs. It picks up exactly where the recorded traffic ended ({@code
   * fromMs}), catching up on the time it took to send that, since a window short of requests is a
   * silence anomaly of its own.
   */
  static final class LiveTraffic implements AutoCloseable {
    private final KafkaProducer<byte[], RequestEvent> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    LiveTraffic(
        KafkaClusterExtension kafka,
        StreamsAppFixture f,
        String pool,
        List<String> servers,
        long fromMs) {
      producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 5),
              new ByteArraySerializer(),
              f.topics().requests().valueSerde().serializer());
      AtomicLong n = new AtomicLong();
      AtomicLong next = new AtomicLong(fromMs); // the next 100 ms slot to fill
      timer.scheduleAtFixedRate(
          () -> {
            for (long t = next.get(); t <= System.currentTimeMillis(); t = next.addAndGet(100)) {
              for (int i = 0; i < 8; i++) {
                RequestEvent e =
                    RequestEvent.newBuilder()
                        .setTimestamp(java.time.Instant.ofEpochMilli(t))
                        .setPool(pool)
                        .setServer(servers.get((int) (n.getAndIncrement() % servers.size())))
                        .setStatus(200)
                        .setLatencyMs(20)
                        .build();
                producer.send(new ProducerRecord<>(f.names().requests(), null, t, null, e));
              }
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

  static void signIn(WebDriver d, String by, String token) {
    d.findElement(By.id("by")).sendKeys(by);
    d.findElement(By.id("token")).clear();
    d.findElement(By.id("token")).sendKeys(token);
  }

  static void awaitApprovalForm(WebDriver d) {
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .until(
            () ->
                d.findElement(By.id("approve")).isDisplayed()
                    && !d.findElements(By.cssSelector("#timeline li")).isEmpty());
  }

  static void awaitText(WebDriver d, By by, String text) {
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
  static String awaitIncident(HttpClient http, String base, String pool, String state) {
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
  static List<RollbackCommand> rollbackCommands(KafkaClusterExtension kafka, StreamsAppFixture f) {
    List<RollbackCommand> out = new ArrayList<>();
    try (KafkaConsumer<String, RollbackCommand> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "group.id",
                kafka.uniqueName("commands"),
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
   * two-pools-one-broken (be_web harmless, be_api bad) and all-to-one as be_shop, each from 40 to
   * 50 s after its bad deploy up to now: an idle input's event time follows the wall clock.
   *
   * @return where the recorded traffic ends, for {@link LiveTraffic} to go on from
   */
  static long produce(KafkaClusterExtension kafka, StreamsAppFixture f) {
    long end = System.currentTimeMillis();
    Map<String, Object> props =
        Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 5);
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
        long start = (end - onsetOffset - 40_000) / WINDOW_MS * WINDOW_MS;
        for (var it = Scenarios.byName(run[0]).events(start, 7); it.hasNext(); ) {
          SimEvent e = it.next();
          if (e.emitMs() >= end) {
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
    return end;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
