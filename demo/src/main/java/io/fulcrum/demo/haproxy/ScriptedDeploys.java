package io.fulcrum.demo.haproxy;

import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.actuator.backend.StoreBackend;
import io.fulcrum.actuator.backend.StoreLock;
import io.fulcrum.demo.Publisher;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.sim.PoolConfig;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scenario's deploy tool for a real load balancer: at each deploy's time it makes the version live through the
 * same backend the actuator uses, then announces it on the config-changes topic, as deploy tooling would.
 */
final class ScriptedDeploys implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScriptedDeploys.class);
  private final Thread thread;

  ScriptedDeploys(Scenario scenario, long startMs, Backend backend, Publisher publisher, FulcrumTopics topics) {
    this.thread = new Thread(() -> run(scenario, startMs, backend, publisher, topics), "fulcrum-demo-deploy-tool");
    thread.setDaemon(true);
  }

  ScriptedDeploys start() {
    thread.start();
    return this;
  }

  private static void run(Scenario scenario, long startMs, Backend backend, Publisher publisher, FulcrumTopics topics) {
    try {
      for (Scenario.Step step : scenario.timeline()) {
        if (!(step instanceof Scenario.Deploy d)) {
          continue;
        }
        long wait = startMs + d.atOffsetMs() - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        PoolConfig config = scenario.pool(d.pool()).configs().stream()
            .filter(c -> c.version().equals(d.version())).findFirst().orElseThrow();
        // held from the switch to the acknowledged announcement: the actuator's watcher must not announce it too
        try (StoreLock lock = backend instanceof StoreBackend sb ? StoreLock.acquire(sb.store().root(),
            Duration.ofSeconds(30)) : null) {
          backend.apply(new ApplyRequest("deploy-" + d.version(), null, d.pool(), backend.activeVersion(d.pool()),
              d.version(), "scripted deploy"));
          SimConfigChange change = new SimConfigChange(System.currentTimeMillis(), d.pool(), d.version(),
              config.declaredWeights(), config.description());
          publisher.sendAndWait(topics.configChanges(), d.pool().getBytes(StandardCharsets.UTF_8),
              SimAvro.toAvro(change), change.timestampMs());
        } catch (BackendException e) {
          log.error("the scripted deploy of {} on {} failed: {}", d.version(), d.pool(), e.getMessage());
        }
      }
    } catch (InterruptedException e) {
      // stopping
    }
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(10_000);
  }
}
