package io.fulcrum.actuator.watch;

import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.actuator.backend.BackendRoutes;
import io.fulcrum.actuator.backend.ConfigChanges;
import io.fulcrum.actuator.backend.StoreBackend;
import io.fulcrum.actuator.backend.StoreLock;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.guard.ConfigSyntaxException;
import io.fulcrum.guard.LbConfig;
import io.fulcrum.guard.Pool;
import io.fulcrum.serde.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces the changes nobody else announced. Every {@code fulcrum.actuator.watch.interval} it
 * reads each pool routed to a store backend (HAProxy, nginx): the active file, whether the LB
 * reloaded since, and for HAProxy the servers as they run ({@code show servers state}). {@link
 * PoolWatch} decides; a change goes out as an {@code LbConfigChange} with author {@code detected}
 * or {@code runtime}. A store whose lock is held (a deploy or a rollback in progress) is skipped
 * for the round, so that change is announced by its author and not twice.
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final BackendRoutes routes;
  private final Map<String, StoreBackend> stores = new HashMap<>();
  private final AnnouncedChanges announced;
  private final Consumer<LbConfigChange> publisher;
  private final Clock clock;
  private final Duration interval;
  private final boolean auditRuntime;
  private final Map<String, PoolWatch> pools = new HashMap<>();
  private final Set<String> warned = new HashSet<>();
  private long nextRound;

  /**
   * @param consumerConfig a consumer without group for the config-changes topic (committed records
   *     only)
   * @param publisher publishes one change (the actuator's transactional outbox)
   */
  public ConfigWatcher(
      BackendRoutes routes,
      Map<String, Backend> backends,
      Map<String, Object> consumerConfig,
      Topic<byte[], LbConfigChange> topic,
      Consumer<LbConfigChange> publisher,
      Clock clock,
      Duration interval,
      boolean auditRuntime) {
    this.routes = routes;
    backends.forEach(
        (name, b) -> {
          if (b instanceof StoreBackend sb && routes.uses(name)) {
            stores.put(name, sb);
          }
        });
    this.announced = stores.isEmpty() ? null : new AnnouncedChanges(consumerConfig, topic);
    this.publisher = publisher;
    this.clock = clock;
    this.interval = interval;
    this.auditRuntime = auditRuntime;
  }

  /** True when some pool can be watched: a store backend is routed and the interval is above 0. */
  public boolean active() {
    return announced != null && !interval.isZero();
  }

  /** Runs a round when the interval has passed since the last one. */
  public void roundIfDue() {
    long now = System.nanoTime();
    if (active() && now - nextRound >= 0) {
      nextRound = now + interval.toNanos();
      round();
    }
  }

  /** One round over every watched pool. */
  public void round() {
    for (Map.Entry<String, StoreBackend> e : stores.entrySet()) {
      StoreBackend backend = e.getValue();
      Optional<StoreLock> lock;
      try {
        lock = StoreLock.tryAcquire(backend.store().root());
      } catch (BackendException ex) {
        warnOnce("lock:" + e.getKey(), ex.getMessage());
        continue;
      }
      if (lock.isEmpty()) {
        log.debug("{} store is locked (a deploy or rollback in progress); next round", e.getKey());
        continue;
      }
      try (StoreLock held = lock.get()) {
        if (!announced.catchUp()) {
          warnOnce(
              "topic",
              "could not read the config-changes topic to its end; no announcement this round");
          return;
        }
        for (String pool : backend.store().activePools()) {
          if (e.getKey().equals(routes.backendFor(pool))) {
            watch(pool, backend);
          }
        }
      } catch (BackendException ex) {
        warnOnce("list:" + e.getKey(), ex.getMessage());
      }
    }
  }

  private void watch(String pool, StoreBackend backend) {
    Path file = backend.store().pointer(pool);
    Observed o;
    try {
      o = observe(pool, backend, file);
    } catch (BackendException ex) {
      warnOnce(
          pool + ":lb",
          pool + ": cannot ask the load balancer (" + ex.getMessage() + "); next round");
      return;
    }
    if (o == null) {
      return;
    }
    PoolWatch w =
        pools.computeIfAbsent(
            pool, p -> new PoolWatch(p, backend.store().root().relativize(file).toString()));
    Optional<Announcement> a = w.observe(o, announced.latest(pool));
    if (a.isPresent()) {
      publish(a.get());
    }
  }

  /** Null when the file is gone or does not parse (said once per content). */
  private Observed observe(String pool, StoreBackend backend, Path file) throws BackendException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException ex) {
      return null;
    } catch (IOException ex) {
      warnOnce(pool + ":read", "cannot read " + file + ": " + ex.getMessage());
      return null;
    }
    String hash = ConfigChanges.sha256(bytes);
    LbConfig config;
    try {
      config = LbConfig.parse(backend.format(), new String(bytes, StandardCharsets.UTF_8));
    } catch (ConfigSyntaxException ex) {
      warnOnce(
          pool + ":" + hash, file + " does not parse (" + ex.getMessage() + "); not announced");
      return null;
    }
    Map<String, Integer> weights = config.pool(pool).map(Pool::effectiveWeights).orElse(Map.of());
    Observed.FileState state = new Observed.FileState(hash, config.declaredWeights(pool), weights);
    return new Observed(
        state,
        backend.store().activeStoredVersion(pool),
        backend.loadedGeneration(),
        auditRuntime ? backend.runtimeServers(pool) : null);
  }

  private void publish(Announcement a) {
    java.time.Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    LbConfigChange change =
        LbConfigChange.newBuilder()
            .setTimestamp(at)
            .setPool(a.pool())
            .setVersion(a.version())
            .setServers(ConfigChanges.weights(a.servers()))
            .setAuthor(a.author())
            .setDescription(a.description())
            .setConfigHash(a.configHash())
            .build();
    publisher.accept(change);
    announced.noteAnnounced(
        a.pool(), new Announced(a.version(), a.configHash(), at.toEpochMilli(), a.author()));
    log.info("Announced {} {} ({}): {}", a.pool(), a.version(), a.author(), a.description());
  }

  /**
   * A change this process published another way (a rollback's), so the watcher does not wait for
   * the topic.
   */
  public void announcedElsewhere(LbConfigChange c) {
    if (announced != null) {
      announced.noteAnnounced(
          c.getPool(),
          new Announced(
              c.getVersion(), c.getConfigHash(), c.getTimestamp().toEpochMilli(), c.getAuthor()));
    }
  }

  private void warnOnce(String key, String message) {
    if (warned.add(key)) {
      log.warn("Config watcher: {}", message);
    }
  }

  @Override
  public void close() {
    if (announced != null) {
      announced.close();
    }
  }
}
