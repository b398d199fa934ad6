package io.fulcrum.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.ConfigException;
import io.fulcrum.config.RawConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
  private MetricsEndpoint endpoint;

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Test
  void servesRecordedMetersInPrometheusTextFormat() throws Exception {
    registry.counter("fulcrum.records.in", "input", "access-logs").increment(3);
    endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0);

    HttpResponse<String> r = get("/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(r.body()).contains("fulcrum_records_in_total{input=\"access-logs\"} 3.0");
  }

  @Test
  void servesLaterRecordingsOnTheNextScrape() throws Exception {
    endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0);
    assertThat(get("/metrics").body()).doesNotContain("fulcrum_parse_failures_total");

    registry.counter("fulcrum.parse.failures").increment();

    assertThat(get("/metrics").body()).contains("fulcrum_parse_failures_total 1.0");
  }

  @Test
  void answersHealthAndRefusesUnknownPathsAndWrites() throws Exception {
    endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0);

    assertThat(get("/health"))
        .satisfies(
            r -> {
              assertThat(r.statusCode()).isEqualTo(200);
              assertThat(r.body()).isEqualTo("ok\n");
            });
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void portZeroPicksAFreePortOnLoopbackOnly() throws Exception {
    endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0);
    assertThat(endpoint.port()).isPositive();

    assertThat(get("/health").statusCode()).isEqualTo(200);

    // Bound to 127.0.0.1 only: the machine's other addresses refuse the connection.
    for (InetAddress other : nonLoopbackIpv4()) {
      URI uri = URI.create("http://" + other.getHostAddress() + ":" + endpoint.port() + "/health");
      assertThatThrownBy(
              () ->
                  http.send(
                      HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
          .as("connect via %s", other)
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void closeReleasesThePort() throws Exception {
    endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0);
    int port = endpoint.port();
    endpoint.close();

    // The port can be bound again right away, and is no longer served.
    try (MetricsEndpoint again = MetricsEndpoint.start(registry, "127.0.0.1", port)) {
      assertThat(again.port()).isEqualTo(port);
    }
  }

  @Test
  void aTakenPortFailsNamingHostAndPort() {
    endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0);
    int taken = endpoint.port();

    assertThatThrownBy(() -> MetricsEndpoint.start(registry, "127.0.0.1", taken))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("127.0.0.1:" + taken);
  }

  @Test
  void settingsDefaultToLoopbackAndStartNothingWhenDisabled() {
    Map<String, String> defaults = new HashMap<>(MetricsSettings.defaults(9404));
    assertThat(MetricsSettings.from(RawConfig.of(defaults)))
        .isEqualTo(new MetricsSettings(true, "127.0.0.1", 9404));

    defaults.put(MetricsSettings.ENABLED, "false");
    assertThat(MetricsSettings.from(RawConfig.of(defaults)).startIfEnabled(registry)).isNull();
  }

  @Test
  void aBadPortSettingFailsNamingTheKey() {
    Map<String, String> values = new HashMap<>(MetricsSettings.defaults(9404));
    values.put(MetricsSettings.PORT, "70000");

    assertThatThrownBy(() -> MetricsSettings.from(RawConfig.of(values)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(MetricsSettings.PORT);
  }

  @Test
  void settingsStartTheEndpointWhenEnabled() throws Exception {
    endpoint = new MetricsSettings(true, "127.0.0.1", 0).startIfEnabled(registry);

    assertThat(endpoint).isNotNull();
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<InetAddress> nonLoopbackIpv4() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .toList();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + endpoint.port() + path);
  }
}
