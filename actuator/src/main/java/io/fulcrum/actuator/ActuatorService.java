package io.fulcrum.actuator;

import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.BackendRoutes;
import io.fulcrum.config.ConfigException;
import io.fulcrum.serde.FulcrumTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actuator: reads signed {@code RollbackCommand}s, applies them through the backend its pool is
 * routed to, and publishes a {@code RemediationResult} for each, exactly once per command id. Runs
 * on its own thread.
 *
 * <pre>{@code
 * ActuatorService svc = new ActuatorService(settings, Map.of("sim", mySimulatedLb), registry).start();
 * ...
 * svc.close();
 * }</pre>
 *
 * Backends named in {@code fulcrum.actuator.backends} but not passed in are built from the settings
 * ({@code haproxy}, {@code nginx}, {@code webhook}, {@code dry-run}).
 */
public final class ActuatorService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ActuatorService.class);

  private final ActuatorSettings settings;
  private final Map<String, Backend> backends;
  private final ActuatorMetrics metrics;
  private final Clock clock;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running;
  private volatile Throwable failure;
  private volatile CommandLoop loop;
  private Thread thread;

  /**
   * @param backends backends by the names {@code fulcrum.actuator.backends} uses; may be empty
   */
  public ActuatorService(
      ActuatorSettings settings, Map<String, Backend> backends, MeterRegistry registry) {
    this(settings, backends, registry, Clock.systemUTC());
  }

  public ActuatorService(
      ActuatorSettings settings,
      Map<String, Backend> backends,
      MeterRegistry registry,
      Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.metrics = new ActuatorMetrics(registry);
    Map<String, Backend> all = new LinkedHashMap<>(backends);
    for (String name : settings.routes().backends()) {
      if (!all.containsKey(name)) {
        all.put(
            name,
            StandardBackends.create(name, settings, clock)
                .orElseThrow(
                    () ->
                        new ConfigException(
                            BackendRoutes.KEY,
                            "unknown backend '"
                                + name
                                + "' (built in: "
                                + StandardBackends.NAMES
                                + "; passed in: "
                                + backends.keySet()
                                + ")")));
      }
    }
    this.backends = Map.copyOf(all);
  }

  /** Starts the command loop on its own thread and returns at once. */
  public synchronized ActuatorService start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    running = true;
    thread = new Thread(this::run, "fulcrum-actuator");
    thread.start();
    return this;
  }

  private void run() {
    FulcrumTopics topics =
        FulcrumTopics.create(settings.topics(), settings.keyFormat(), settings.serdeConfig());
    Ledger ledger = new Ledger();
    CommandHandler handler = new CommandHandler(settings, backends, ledger, metrics, clock);
    try (CommandLoop l =
        new CommandLoop(settings, topics, handler, ledger, metrics, clock, backends)) {
      loop = l;
      if (running) {
        log.info(
            "Actuator {} consuming {} (group {}), backends {}",
            settings.actuatorId(),
            settings.topics().rollbackCommands(),
            settings.groupId(),
            settings.routes());
        l.run(() -> running, ready::countDown);
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (Throwable t) {
      failure = t;
      log.error("Actuator stopped: {}", t.toString(), t);
    } finally {
      running = false;
      ready.countDown();
      stopped.countDown();
    }
  }

  /**
   * Waits until the ledger is loaded and the loop polls, or the service stopped; true if it is
   * running.
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && running;
  }

  /** Blocks until the loop ends (after {@link #close()} or a fatal error). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  public boolean isRunning() {
    return running;
  }

  /** Why the loop ended, when it ended on an error. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  public Map<String, Backend> backends() {
    return backends;
  }

  /**
   * Stops after the command in progress (an apply is never cut short) and closes the Kafka clients.
   */
  @Override
  public void close() {
    running = false;
    CommandLoop l = loop;
    if (l != null) {
      l.wakeup();
    }
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(Duration.ofSeconds(60).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
