package io.fulcrum.demo.haproxy;

import io.fulcrum.actuator.ActuatorSettings;
import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.actuator.haproxy.HaproxyBackend;
import io.fulcrum.actuator.haproxy.HaproxyProcess;
import io.fulcrum.actuator.haproxy.HaproxySettings;
import io.fulcrum.demo.lb.DemoLb;
import io.fulcrum.demo.lb.Publisher;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.sim.PoolConfig;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real HAProxy (master-worker) in front of loopback servers, its config versions in the
 * actuator's file store, its access log received over syslog/UDP and produced raw to {@code
 * fulcrum.access-logs}, and real HTTP requests through it. The actuator's {@link HaproxyBackend}
 * rolls it back, with validation, reload and verification.
 */
public final class HaproxyLb implements DemoLb {
  private final List<AutoCloseable> parts = new ArrayList<>();
  private final Scenario scenario;
  private final long startMs;
  private final double rateMultiplier;
  private final Publisher publisher;
  private final ActuatorSettings guarded;
  private final FulcrumTopics topics;
  private HaproxyBackend backend;
  private HaproxyProcess process;
  private int port;
  private String version;

  private HaproxyLb(
      Scenario scenario,
      long startMs,
      double rateMultiplier,
      Publisher publisher,
      FulcrumTopics topics,
      ActuatorSettings guarded) {
    this.guarded = guarded;
    this.scenario = scenario;
    this.startMs = startMs;
    this.rateMultiplier = rateMultiplier;
    this.publisher = publisher;
    this.topics = topics;
  }

  public static HaproxyLb start(
      Path binary,
      Scenario scenario,
      long startMs,
      double rateMultiplier,
      Path dir,
      Publisher publisher,
      FulcrumTopics topics,
      ActuatorSettings guarded)
      throws Exception {
    HaproxyLb lb = new HaproxyLb(scenario, startMs, rateMultiplier, publisher, topics, guarded);
    try {
      lb.startParts(binary, dir);
      return lb;
    } catch (Exception e) {
      lb.close();
      throw e;
    }
  }

  private void startParts(Path binary, Path dir) throws IOException, BackendException {
    Files.createDirectories(dir);
    Map<String, Integer> ports = new HashMap<>();
    for (Scenario.PoolSpec p : scenario.pools()) {
      LoopbackServers servers =
          add(
              new LoopbackServers(
                  p.servers(), p.overload().capacityRps() * rateMultiplier, failures(p.name())));
      ports.putAll(servers.ports());
    }
    SyslogReceiver syslog =
        add(
            new SyslogReceiver(
                line ->
                    publisher.send(topics.accessLogs(), null, line, System.currentTimeMillis())));
    port = freePort();
    Path main = dir.resolve("haproxy.cfg");
    Files.writeString(
        main,
        HaproxyConfigs.main(
            port,
            syslog.port(),
            dir.resolve("stats.sock"),
            scenario.pools().stream().map(Scenario.PoolSpec::name).toList()));
    HaproxySettings settings =
        new HaproxySettings(
            binary,
            dir.resolve("store"),
            List.of(main),
            dir.resolve("master.sock"),
            dir.resolve("stats.sock"),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5));
    backend = new HaproxyBackend(settings);
    for (Scenario.PoolSpec p : scenario.pools()) {
      for (PoolConfig c : p.configs()) {
        backend.store().put(p.name(), c.version(), HaproxyConfigs.backend(p.name(), c, ports));
      }
      backend.store().activate(p.name(), p.initialConfig().version());
    }
    process =
        add(HaproxyProcess.start(settings, dir.resolve("haproxy.log"), Duration.ofSeconds(15)));
    version = HaproxyVersion.of(binary);
    for (Scenario.PoolSpec p : scenario.pools()) { // live for a while already, as in the simulator
      PoolConfig c = p.initialConfig();
      SimConfigChange change =
          new SimConfigChange(
              startMs + scenario.initialAnnounceOffsetMs(),
              p.name(),
              c.version(),
              c.declaredWeights(),
              c.description());
      // acknowledged before the actuator starts, so its watcher finds the pool announced
      publisher.sendAndWait(
          topics.configChanges(),
          p.name().getBytes(StandardCharsets.UTF_8),
          SimAvro.toAvro(change),
          Math.max(0, change.timestampMs()));
    }
  }

  private List<LoopbackServers.Failure> failures(String pool) {
    List<LoopbackServers.Failure> out = new ArrayList<>();
    for (Scenario.Step s : scenario.timeline()) {
      if (s instanceof Scenario.BackendErrors e && e.pool().equals(pool)) {
        out.add(
            new LoopbackServers.Failure(
                startMs + e.atOffsetMs(), startMs + e.untilOffsetMs(), e.rate()));
      }
    }
    return out;
  }

  private <T extends AutoCloseable> T add(T part) {
    parts.add(part);
    return part;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public String description() {
    return "HAProxy " + version + " (master pid " + process.masterPid() + ") on 127.0.0.1:" + port;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public AutoCloseable startTraffic() {
    ScriptedDeploys deploys =
        new ScriptedDeploys(
                scenario,
                startMs,
                backend,
                publisher,
                topics,
                guarded == null
                    ? null
                    : ScriptedDeploys.guarded(guarded, backend, publisher, topics))
            .start();
    HttpLoad load =
        new HttpLoad(
                URI.create("http://127.0.0.1:" + port + "/"), scenario, startMs, rateMultiplier)
            .start();
    return () -> {
      load.close();
      deploys.close();
    };
  }

  /** HAProxy first (no more log lines), then the syslog receiver and the servers. */
  @Override
  public void close() throws Exception {
    for (int i = parts.size() - 1; i >= 0; i--) {
      parts.get(i).close();
    }
  }
}
