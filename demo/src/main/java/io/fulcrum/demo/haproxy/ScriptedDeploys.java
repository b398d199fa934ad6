package io.fulcrum.demo.haproxy;

import io.fulcrum.actuator.ActuatorSettings;
import io.fulcrum.actuator.DeployRequest;
import io.fulcrum.actuator.DeployResult;
import io.fulcrum.actuator.Deployer;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.actuator.backend.StoreBackend;
import io.fulcrum.actuator.backend.StoreLock;
import io.fulcrum.demo.lb.DemoLb;
import io.fulcrum.demo.lb.Publisher;
import io.fulcrum.guard.check.GuardSettings;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.sim.PoolConfig;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scenario's deploy tool for a real load balancer. At each deploy's time it either makes the
 * version live through the same backend the actuator uses and announces it with the scenario's
 * declared weights, as a deploy script would; or, guarded, it deploys through {@link Deployer}
 * ({@code fulcrum deploy}): a blocked candidate is then forced with a reason, as the postmortems'
 * operators would have, and the deploy announces it itself with the weights parsed from the config
 * and the guard's verdict.
 */
final class ScriptedDeploys implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScriptedDeploys.class);
  static final String AUTHOR = "demo-deploy-tool";
  static final String FORCED_REASON = "the on-call is sure it is a harmless cleanup";
  private final Thread thread;

  /**
   * @param guarded the deployer to go through, or null for the plain script
   */
  ScriptedDeploys(
      Scenario scenario,
      long startMs,
      Backend backend,
      Publisher publisher,
      FulcrumTopics topics,
      Deployer guarded) {
    this.thread =
        new Thread(
            () -> run(scenario, startMs, backend, publisher, topics, guarded),
            "fulcrum-demo-deploy-tool");
    thread.setDaemon(true);
  }

  /** A deployer of the demo's load balancer that publishes through the demo's producer. */
  static Deployer guarded(
      ActuatorSettings settings, Backend backend, Publisher publisher, FulcrumTopics topics) {
    return new Deployer(
        settings,
        Map.of(DemoLb.ROUTE, backend),
        GuardSettings.defaultSettings(),
        change ->
            publisher.sendAndWait(
                topics.configChanges(),
                change.getPool().getBytes(StandardCharsets.UTF_8),
                change,
                change.getTimestamp().toEpochMilli()),
        Clock.systemUTC());
  }

  ScriptedDeploys start() {
    thread.start();
    return this;
  }

  private static void run(
      Scenario scenario,
      long startMs,
      Backend backend,
      Publisher publisher,
      FulcrumTopics topics,
      Deployer guarded) {
    try {
      for (Scenario.Step step : scenario.timeline()) {
        if (!(step instanceof Scenario.Deploy d)) {
          continue;
        }
        long wait = startMs + d.atOffsetMs() - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        if (guarded != null) {
          deployGuarded(guarded, d);
        } else {
          deployAndAnnounce(scenario, backend, publisher, topics, d);
        }
      }
    } catch (InterruptedException e) {
      // stopping
    }
  }

  private static void deployAndAnnounce(
      Scenario scenario,
      Backend backend,
      Publisher publisher,
      FulcrumTopics topics,
      Scenario.Deploy d) {
    PoolConfig config =
        scenario.pool(d.pool()).configs().stream()
            .filter(c -> c.version().equals(d.version()))
            .findFirst()
            .orElseThrow();
    // held from the switch to the acknowledged announcement: the actuator's watcher must not
    // announce it too
    try (StoreLock lock =
        backend instanceof StoreBackend sb
            ? StoreLock.acquire(sb.store().root(), Duration.ofSeconds(30))
            : null) {
      backend.apply(
          new ApplyRequest(
              "deploy-" + d.version(),
              null,
              d.pool(),
              backend.activeVersion(d.pool()),
              d.version(),
              "scripted deploy"));
      SimConfigChange change =
          new SimConfigChange(
              System.currentTimeMillis(),
              d.pool(),
              d.version(),
              config.declaredWeights(),
              config.description());
      publisher.sendAndWait(
          topics.configChanges(),
          d.pool().getBytes(StandardCharsets.UTF_8),
          SimAvro.toAvro(change),
          change.timestampMs());
    } catch (BackendException e) {
      log.error(
          "the scripted deploy of {} on {} failed: {}", d.version(), d.pool(), e.getMessage());
    }
  }

  private static void deployGuarded(Deployer deployer, Scenario.Deploy d) {
    try {
      DeployResult r =
          deployer.deploy(
              new DeployRequest(d.pool(), d.version(), false, null, false, null, AUTHOR));
      log.info("fulcrum deploy {} {}: {} ({})", d.pool(), d.version(), r.outcome(), r.detail());
      if (r.outcome() == DeployResult.Outcome.BLOCKED) {
        r =
            deployer.deploy(
                new DeployRequest(d.pool(), d.version(), false, null, true, FORCED_REASON, AUTHOR));
        log.warn(
            "fulcrum deploy {} {} --force: {} ({})",
            d.pool(),
            d.version(),
            r.outcome(),
            r.detail());
      }
      if (r.outcome() == DeployResult.Outcome.APPLIED && !r.announced()) {
        log.error(
            "{} {} is live but its announcement failed: Fulcrum will learn of it from the actuator's watcher",
            d.pool(),
            d.version());
      }
    } catch (IOException | IllegalArgumentException e) {
      log.error("fulcrum deploy of {} on {} failed: {}", d.version(), d.pool(), e.getMessage());
    }
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(10_000);
  }
}
