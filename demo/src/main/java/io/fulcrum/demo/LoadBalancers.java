package io.fulcrum.demo;

import io.fulcrum.actuator.ActuatorSettings;
import io.fulcrum.demo.haproxy.HaproxyLb;
import io.fulcrum.demo.lb.DemoLb;
import io.fulcrum.demo.lb.Publisher;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.sim.Scenario;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Picks the load balancer: real HAProxy when it is installed (or asked for), else the simulated
 * one.
 */
public final class LoadBalancers {
  private LoadBalancers() {}

  public static LbMode resolve(LbMode requested) {
    return switch (requested) {
      case SIMULATED -> LbMode.SIMULATED;
      case HAPROXY -> {
        if (haproxyOnPath().isEmpty()) {
          throw new IllegalArgumentException(
              "--lb=haproxy: no haproxy on PATH nor in "
                  + SBIN
                  + " (install it, e.g. apt-get install "
                  + "haproxy, or use --lb=simulated)");
        }
        yield LbMode.HAPROXY;
      }
      case AUTO -> haproxyOnPath().isPresent() ? LbMode.HAPROXY : LbMode.SIMULATED;
    };
  }

  /** Where Debian and most distributions put haproxy, often not on a user's PATH. */
  static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");

  /** The {@code haproxy} executable on PATH or in the sbin directories, if any. */
  public static Optional<Path> haproxyOnPath() {
    return Stream.concat(
            Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
            SBIN.stream())
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, "haproxy"))
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst();
  }

  /**
   * @param guarded the actuator's settings when deploys go through the change guard, else null
   */
  static DemoLb haproxy(
      Scenario scenario,
      long startMs,
      double rateMultiplier,
      Path dir,
      Publisher publisher,
      FulcrumTopics topics,
      ActuatorSettings guarded)
      throws Exception {
    Path binary =
        haproxyOnPath()
            .orElseThrow(() -> new IllegalStateException("haproxy is no longer on PATH"));
    return HaproxyLb.start(
        binary, scenario, startMs, rateMultiplier, dir, publisher, topics, guarded);
  }
}
