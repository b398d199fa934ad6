package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.detect.Analysis;
import io.fulcrum.detect.ExpectedSource;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.distribution.ClosedWindow;
import io.fulcrum.distribution.ConfigTimeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final PipelineMetrics metrics = new PipelineMetrics(registry);

  @Test
  void aServerThatLeftThePoolAndAForgottenPoolAreNoLongerExported() {
    metrics.window("web", verdict("web", "web-1", "web-2"));
    metrics.window("api", verdict("api", "api-1"));
    assertThat(shares("web")).containsExactlyInAnyOrder("web-1", "web-2");

    metrics.window("web", verdict("web", "web-1"));
    assertThat(shares("web")).as("web-2 is past the membership TTL").containsExactly("web-1");

    metrics.window("web", null);
    assertThat(registry.find("fulcrum.pool.share").tag("pool", "web").gauges()).isEmpty();
    assertThat(registry.find("fulcrum.pool.requests").tag("pool", "web").gauges()).isEmpty();
    assertThat(shares("api")).as("other pools stay").containsExactly("api-1");
  }

  @Test
  void aForgottenPoolLeavesThePrometheusScrapeAndReturnsWithItsTraffic() {
    var prometheus = io.fulcrum.metrics.MetricsEndpoint.newRegistry();
    PipelineMetrics m = new PipelineMetrics(prometheus);
    m.window("web", verdict("web", "web-1"));
    assertThat(prometheus.scrape()).contains("pool=\"web\"");

    m.window("web", null);
    assertThat(prometheus.scrape()).doesNotContain("pool=\"web\"");

    m.window("web", verdict("web", "web-2"));
    assertThat(prometheus.scrape()).contains("server=\"web-2\"").doesNotContain("server=\"web-1\"");
  }

  private List<String> shares(String pool) {
    return registry.find("fulcrum.pool.share").tag("pool", pool).gauges().stream()
        .map(g -> g.getId().getTag("server"))
        .toList();
  }

  private static WindowVerdict verdict(String pool, String... servers) {
    List<ServerObservation> obs =
        java.util.Arrays.stream(servers).map(s -> ServerObservation.of(s, 10, 0)).toList();
    PoolObservation o = new PoolObservation(pool, 0, 10_000, obs, 0, null);
    return new WindowVerdict(
        new ClosedWindow(o, 12_000, new ConfigTimeline(null)),
        new Analysis(List.of(), Map.of(), ExpectedSource.BASELINE, true),
        10);
  }
}
