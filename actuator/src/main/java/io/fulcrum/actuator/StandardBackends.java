package io.fulcrum.actuator;

import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.DryRunBackend;
import io.fulcrum.actuator.haproxy.HaproxyBackend;
import io.fulcrum.actuator.nginx.NginxBackend;
import io.fulcrum.actuator.webhook.WebhookBackend;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The built-in backends, made from their settings sections. */
final class StandardBackends {
  static final List<String> NAMES =
      List.of(HaproxyBackend.NAME, NginxBackend.NAME, WebhookBackend.NAME, DryRunBackend.NAME);

  private StandardBackends() {}

  static Optional<Backend> create(String name, ActuatorSettings s, Clock clock) {
    return Optional.ofNullable(
        switch (name) {
          case HaproxyBackend.NAME -> new HaproxyBackend(configured(s.haproxy(), name));
          case NginxBackend.NAME -> new NginxBackend(configured(s.nginx(), name));
          case WebhookBackend.NAME ->
              new WebhookBackend(configured(s.webhook(), name), s.actuatorId(), clock);
          case DryRunBackend.NAME -> new DryRunBackend();
          default -> null;
        });
  }

  private static <T> T configured(Optional<T> section, String backend) {
    return section.orElseThrow(() -> BackendSettingsLoader.missing(backend));
  }
}
