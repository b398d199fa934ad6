package io.fulcrum.demo;

import io.fulcrum.actuator.ActuatorService;
import io.fulcrum.actuator.ActuatorSettings;
import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.demo.lb.DemoLb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The real actuator (module {@code actuator/}), every pool routed to the demo's load balancer. */
public final class DemoActuator {

  private DemoActuator() {}

  static Map<String, String> settings(String bootstrapServers, String registryUrl, String secret) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("bootstrap.servers", bootstrapServers);
    s.put("schema.registry.url", registryUrl);
    s.put("group.id", "fulcrum-demo-actuator");
    s.put("fulcrum.actuator.id", "fulcrum-demo-actuator");
    s.put("fulcrum.actuator.backends", "*:" + DemoLb.ROUTE);
    s.put("fulcrum.topic.actuator-ledger", DemoSettings.LEDGER_TOPIC);
    s.put("fulcrum.signing.secret", secret);
    return s;
  }

  static ActuatorSettings actuatorSettings(
      String bootstrapServers, String registryUrl, String secret) {
    return ActuatorSettings.defaultsWith(settings(bootstrapServers, registryUrl, secret));
  }

  static ActuatorService start(
      String bootstrapServers, String registryUrl, String secret, Backend backend)
      throws InterruptedException {
    ActuatorSettings settings = actuatorSettings(bootstrapServers, registryUrl, secret);
    ActuatorService service =
        new ActuatorService(settings, Map.of(DemoLb.ROUTE, backend), new SimpleMeterRegistry())
            .start();
    if (!service.awaitReady(Duration.ofSeconds(60))) {
      service.close();
      throw new IllegalStateException(
          "the actuator did not start: "
              + service.failure().map(Throwable::toString).orElse("timeout"));
    }
    return service;
  }
}
