package io.fulcrum.demo.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopbackServersTest {
  final HttpClient client = HttpClient.newHttpClient();

  int get(int port, String errorRate) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"));
    if (errorRate != null) {
      b.header(LoopbackServers.ERROR_RATE_HEADER, errorRate);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void aServerAnswers503OnceItsCapacityIsUsedUp() throws Exception {
    try (LoopbackServers servers = new LoopbackServers(List.of("web-1"), 1, List.of())) {
      int port = servers.ports().get("web-1");
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        statuses.add(get(port, null));
      }
      assertThat(statuses.subList(0, 8)).containsOnly(200); // the burst
      assertThat(statuses.subList(8, 12)).contains(503);
    }
  }

  @Test
  void requestsMarkedByABrokenConfigAndAnInjectedFailureAreErrors() throws Exception {
    long now = System.currentTimeMillis();
    try (LoopbackServers servers =
        new LoopbackServers(
            List.of("web-1", "web-2"),
            1000,
            List.of(new LoopbackServers.Failure(now - 1000, now + 60_000, 1.0)))) {
      assertThat(servers.ports()).containsOnlyKeys("web-1", "web-2");
      assertThat(get(servers.ports().get("web-2"), null)).isEqualTo(500);
    }
    try (LoopbackServers servers = new LoopbackServers(List.of("web-1"), 1000, List.of())) {
      assertThat(get(servers.ports().get("web-1"), "1.0")).isEqualTo(502);
      assertThat(get(servers.ports().get("web-1"), null)).isEqualTo(200);
    }
  }

  @Test
  void theBucketRefillsAtItsRate() {
    LoopbackServers.TokenBucket bucket = new LoopbackServers.TokenBucket(10, 2);
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isFalse();
    assertThat(bucket.tryTake(100)).isTrue(); // 100 ms at 10/s = one token
    assertThat(bucket.tryTake(100)).isFalse();
  }
}
