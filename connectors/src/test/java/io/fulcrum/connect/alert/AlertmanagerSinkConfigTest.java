package io.fulcrum.connect.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AlertmanagerSinkConfigTest {

  private static Map<String, String> props(String... kv) {
    Map<String, String> p =
        new HashMap<>(Map.of("alertmanager.urls", "http://am-1:9093/, http://am-2:9093"));
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsAndUrlList() {
    AlertmanagerSinkConfig c = AlertmanagerSinkConfig.from(props());
    assertThat(c.alertmanagers())
        .containsExactly(URI.create("http://am-1:9093"), URI.create("http://am-2:9093"));
    assertThat(c.backoffInitialMs()).isEqualTo(500);
    assertThat(c.backoffMaxMs()).isEqualTo(30_000);
    assertThat(c.resendIntervalMs()).isEqualTo(60_000);
    assertThat(c.anomalyAlertName()).isEqualTo("FulcrumAnomaly");
    assertThat(c.extraLabels()).isEmpty();
    assertThat(c.uiUrl()).isEmpty();
    assertThat(
            AlertmanagerSinkConfig.from(props("alert.ui.url", " https://fulcrum.example.com/ "))
                .uiUrl())
        .isEqualTo("https://fulcrum.example.com");
  }

  @Test
  void rejectsBadValuesNamingTheKey() {
    assertRejected(Map.of(), "alertmanager.urls");
    assertRejected(props("alertmanager.urls", "am:9093"), "alertmanager.urls");
    assertRejected(props("alertmanager.urls", "ftp://am:9093"), "alertmanager.urls");
    assertRejected(props("alert.extra.labels", "env"), "alert.extra.labels");
    assertRejected(props("alert.extra.labels", "1env=prod"), "alert.extra.labels");
    assertRejected(props("alert.extra.labels", "severity=page"), "alert.extra.labels");
    assertRejected(
        props("retry.backoff.initial.ms", "5000", "retry.backoff.max.ms", "100"),
        "retry.backoff.max.ms");
    assertRejected(props("alertmanager.timeout.ms", "1"), "alertmanager.timeout.ms");
    assertRejected(props("alert.generator.url", "grafana"), "alert.generator.url");
    assertRejected(props("alert.ui.url", "fulcrum.example.com"), "alert.ui.url");
  }

  private static void assertRejected(Map<String, String> props, String key) {
    assertThatThrownBy(() -> AlertmanagerSinkConfig.from(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }
}
