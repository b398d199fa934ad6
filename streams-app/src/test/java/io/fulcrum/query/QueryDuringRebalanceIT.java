package io.fulcrum.query;

import static io.fulcrum.query.QueryApiFixture.freePort;
import static io.fulcrum.query.QueryApiFixture.get;
import static io.fulcrum.query.QueryApiFixture.json;
import static io.fulcrum.query.QueryApiFixture.produce;
import static io.fulcrum.query.QueryApiFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.PipelineMetrics;
import io.fulcrum.app.StreamsApp;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API while the group rebalances for real: a third instance joins, then one leaves. Every
 * answer meanwhile is either the pool's own data or a plain 503 with Retry-After that says a
 * rebalance is under way; never a 404 for a known pool, another pool's data, or a server error.
 */
class QueryDuringRebalanceIT {
  @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();
  private static final List<String> POOLS =
      IntStream.range(0, 6).mapToObj(i -> "be_r" + i).toList();

  @Test
  void answersDuringAJoinAndALeaveAreTheOwnersDataOrA503WithRetryAfter(
      @TempDir Path stateA, @TempDir Path stateB, @TempDir Path stateC) throws Exception {
    String prefix = KAFKA.uniqueName("it");
    TopicNames names = TopicNames.withPrefix(prefix);
    KAFKA.createTopics(3, names.all().toArray(String[]::new));
    int portA = freePort();
    int portB = freePort();
    int portC = freePort();
    FulcrumSettings a = settings(KAFKA, prefix, names, stateA, portA);
    FulcrumTopics topics = FulcrumTopics.create(names, a.keyFormat(), a.serdeConfig());
    Set<Integer> live = ConcurrentHashMap.newKeySet();
    Poller poller = new Poller(live);
    try (StreamsApp appA = start(a);
        StreamsApp appB = start(settings(KAFKA, prefix, names, stateB, portB))) {
      live.addAll(List.of(portA, portB));
      await().atMost(Duration.ofSeconds(30)).until(() -> running(appA, appB));
      produce(KAFKA, names, topics, POOLS);
      await().atMost(Duration.ofSeconds(45)).until(() -> allAnswer(live));

      Thread polling = new Thread(poller, "query-poller");
      polling.start();
      try (StreamsApp appC = start(settings(KAFKA, prefix, names, stateC, portC))) {
        live.add(portC);
        await().atMost(Duration.ofSeconds(60)).until(() -> running(appA, appB, appC));
        await().atMost(Duration.ofSeconds(45)).until(() -> allAnswer(live));
        int afterJoin = poller.answers.get();

        live.remove(portB);
        appB.close();
        // A clean stop leaves the group: its pools move well before session.timeout.ms (45 s).
        await().atMost(Duration.ofSeconds(30)).until(() -> allAnswer(live));
        await().atMost(Duration.ofSeconds(10)).until(() -> poller.answers.get() > afterJoin + 20);
        stop(poller, polling); // before C closes, which is no part of the test
      } finally {
        stop(poller, polling);
      }
    }
    assertThat(poller.problems).isEmpty();
    assertThat(poller.answers.get()).isGreaterThan(50);
  }

  private static void stop(Poller poller, Thread polling) throws InterruptedException {
    poller.stop.set(true);
    polling.join(10_000);
  }

  private static StreamsApp start(FulcrumSettings s) {
    return new StreamsApp(s, new PipelineMetrics(new SimpleMeterRegistry())).start();
  }

  private static boolean running(StreamsApp... apps) {
    for (StreamsApp app : apps) {
      if (app.state() != KafkaStreams.State.RUNNING) {
        return false;
      }
    }
    return true;
  }

  /** Every live instance answers every pool with its data. */
  private static boolean allAnswer(Set<Integer> live) throws Exception {
    for (int port : live) {
      for (String pool : POOLS) {
        HttpResponse<String> res = get(port, "/api/v1/pools/" + pool);
        if (res.statusCode() != 200) {
          return false;
        }
      }
    }
    return true;
  }

  /** Asks every live instance for every pool, and the pool list, until stopped. */
  private static final class Poller implements Runnable {
    final Set<Integer> live;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger answers = new AtomicInteger();
    final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

    Poller(Set<Integer> live) {
      this.live = live;
    }

    @Override
    public void run() {
      while (!stop.get()) {
        for (int port : List.copyOf(live)) {
          for (String pool : POOLS) {
            check(port, "/api/v1/pools/" + pool, pool);
          }
          check(port, "/api/v1/pools", null);
        }
      }
    }

    private void check(int port, String path, String pool) {
      if (!live.contains(port)) {
        return; // closed meanwhile: a refused connection says nothing about the API
      }
      try {
        HttpResponse<String> res = get(port, path);
        answers.incrementAndGet();
        String problem = problem(res, pool);
        if (problem != null) {
          problems.add(":" + port + path + " -> " + res.statusCode() + " " + problem);
        }
      } catch (Exception e) {
        if (live.contains(port)) {
          problems.add(":" + port + path + " -> " + e);
        }
      }
    }

    private static String problem(HttpResponse<String> res, String pool) throws Exception {
      JsonNode body = json(res);
      if (res.statusCode() == 503) {
        boolean plain =
            body.path("error").asText().contains("rebalance under way")
                && res.headers().firstValue("Retry-After").isPresent();
        return plain ? null : "a 503 that does not say so plainly: " + res.body();
      }
      if (res.statusCode() != 200) {
        return res.body();
      }
      if (pool == null) {
        return body.path("pools").size() == POOLS.size()
            ? null
            : "a partial list: " + body.path("pools").size() + " pools";
      }
      return pool.equals(body.path("pool").asText()) ? null : "another pool's data: " + res.body();
    }
  }
}
