package io.fulcrum.actuator;

import io.fulcrum.actuator.backend.ApplyReport;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.actuator.backend.BackendRoutes;
import io.fulcrum.actuator.backend.ConfigChanges;
import io.fulcrum.actuator.backend.FileConfigStore;
import io.fulcrum.actuator.backend.Names;
import io.fulcrum.actuator.backend.StoreBackend;
import io.fulcrum.actuator.backend.StoreLock;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.guard.LbConfig;
import io.fulcrum.guard.LbFormat;
import io.fulcrum.guard.check.ChangeGuard;
import io.fulcrum.guard.check.CheckReport;
import io.fulcrum.guard.check.GuardSettings;
import io.fulcrum.guard.rehearse.Rehearsal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a stored version of a pool through the change guard: checks it against the active version
 * (and rehearses it when asked), refuses it when blocked unless forced with a reason, applies it
 * through the pool's store backend (the same validate, switch, reload and verify as a rollback),
 * then announces it on the config-changes topic with the declared weights, the author, the guard's
 * verdict and findings, the forced reason and the file's hash. The store stays locked from the
 * check to the announcement, so the actuator's watcher does not announce it as well.
 */
public final class Deployer {
  private static final Logger log = LoggerFactory.getLogger(Deployer.class);
  private static final Duration LOCK_WAIT = Duration.ofSeconds(60);

  private final ActuatorSettings settings;
  private final Map<String, Backend> backends;
  private final GuardSettings guard;
  private final ChangePublisher publisher;
  private final Clock clock;

  /**
   * @param backends backends by name, as for {@link ActuatorService}; routed built-ins not given
   *     are built
   */
  public Deployer(
      ActuatorSettings settings,
      Map<String, Backend> backends,
      GuardSettings guard,
      ChangePublisher publisher,
      Clock clock) {
    this.settings = settings;
    this.backends = Map.copyOf(backends);
    this.guard = guard;
    this.publisher = publisher;
    this.clock = clock;
  }

  public DeployResult deploy(DeployRequest r) throws IOException {
    for (String[] name : new String[][] {{"pool", r.pool()}, {"version", r.version()}}) {
      String problem = Names.problem(name[0], name[1]);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
    StoreBackend backend = backendFor(r.pool());
    FileConfigStore store = backend.store();
    if (!store.hasVersion(r.pool(), r.version())) {
      throw new IllegalArgumentException(
          "no version "
              + r.version()
              + " of pool "
              + r.pool()
              + " in "
              + store.root()
              + " (versions: "
              + versions(store, r.pool())
              + ")");
    }
    try (StoreLock lock = StoreLock.acquire(store.root(), LOCK_WAIT)) {
      return deployLocked(r, backend, store);
    } catch (BackendException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private DeployResult deployLocked(DeployRequest r, StoreBackend backend, FileConfigStore store)
      throws IOException, BackendException {
    String active = store.active(r.pool());
    Path candidateFile = store.versionFile(r.pool(), r.version());
    Path activeFile = store.pointer(r.pool());
    LbFormat format = backend.format();
    String currentText = active == null && !Files.exists(activeFile) ? "" : read(activeFile);
    String candidateText = read(candidateFile);
    LbConfig current = parse(format, currentText, activeFile);
    LbConfig candidate = parse(format, candidateText, candidateFile);
    if (candidate.pool(r.pool()).isEmpty()) {
      throw new IllegalArgumentException(
          candidateFile
              + " defines no pool "
              + r.pool()
              + " (it has: "
              + String.join(", ", candidate.pools().keySet())
              + ")");
    }
    CheckReport report = new ChangeGuard(guard).check(current, candidate, r.pool());
    if (r.rehearse()) {
      report = new Rehearsal(guard, r.sample()).rehearse(report, currentText, candidateText);
    }
    if (r.version().equals(active)) {
      return new DeployResult(
          DeployResult.Outcome.UNCHANGED,
          r.pool(),
          active,
          r.version(),
          report,
          null,
          r.pool() + " is at " + active + " already; nothing changed",
          false);
    }
    if (report.blocked() && !r.force()) {
      log.info("Deploy of {} {} blocked by the guard; nothing changed", r.pool(), r.version());
      return new DeployResult(
          DeployResult.Outcome.BLOCKED,
          r.pool(),
          active,
          r.version(),
          report,
          null,
          "blocked by the change guard; nothing changed (--force --reason TEXT overrules it)",
          false);
    }
    ApplyReport applied;
    try {
      applied =
          backend.apply(
              new ApplyRequest(
                  "deploy-" + UUID.randomUUID(),
                  "deploy",
                  r.pool(),
                  active,
                  r.version(),
                  r.reason() == null ? "deploy by " + r.author() : r.reason()));
    } catch (BackendException e) {
      return new DeployResult(
          DeployResult.Outcome.FAILED,
          r.pool(),
          active,
          r.version(),
          report,
          null,
          e.getMessage(),
          false);
    }
    LbConfigChange change = change(r, report, active, candidate, candidateText);
    boolean announced = true;
    try {
      publisher.publish(change);
    } catch (Exception e) {
      announced = false;
      log.warn(
          "{} {} is applied but its announcement failed: {}", r.pool(), r.version(), e.toString());
    }
    return new DeployResult(
        DeployResult.Outcome.APPLIED,
        r.pool(),
        active,
        r.version(),
        report,
        change,
        applied.detail(),
        announced);
  }

  private LbConfigChange change(
      DeployRequest r, CheckReport report, String active, LbConfig candidate, String text) {
    boolean overruled = report.blocked() && r.force();
    String description =
        "deployed with fulcrum deploy by "
            + r.author()
            + ": "
            + (active == null ? "(none)" : active)
            + " -> "
            + r.version()
            + ", guard "
            + report.verdict()
            + (r.rehearse() ? " (rehearsed)" : "")
            + (overruled
                ? "; FORCED past the guard: " + r.reason()
                : r.reason() != null ? "; " + r.reason() : "");
    return LbConfigChange.newBuilder()
        .setTimestamp(clock.instant().truncatedTo(ChronoUnit.MILLIS))
        .setPool(r.pool())
        .setVersion(r.version())
        .setServers(ConfigChanges.weights(candidate.declaredWeights(r.pool())))
        .setAuthor(r.author())
        .setDescription(description)
        .setGuardVerdict(report.verdict())
        .setGuardFindings(findings(report))
        .setForcedReason(overruled ? r.reason() : null)
        .setConfigHash(ConfigChanges.sha256(text.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /** One line per finding, as {@code fulcrum check} prints them. */
  static List<String> findings(CheckReport report) {
    return report.findings().stream()
        .map(
            f ->
                f.pool()
                    + ": "
                    + f.message()
                    + ": "
                    + f.severity()
                    + (f.measured() ? " (measured)" : ""))
        .toList();
  }

  private StoreBackend backendFor(String pool) {
    String name = settings.routes().backendFor(pool);
    if (name == null) {
      throw new IllegalArgumentException(
          "no backend for pool " + pool + " in " + BackendRoutes.KEY);
    }
    Backend b = backends.get(name);
    if (b == null) {
      b =
          StandardBackends.create(name, settings, clock)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown backend '"
                              + name
                              + "' for pool "
                              + pool
                              + " in "
                              + BackendRoutes.KEY));
    }
    if (!(b instanceof StoreBackend sb)) {
      throw new IllegalArgumentException(
          "pool "
              + pool
              + " is routed to "
              + name
              + " ("
              + BackendRoutes.KEY
              + "); deploy needs a config store: haproxy or nginx");
    }
    return sb;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static LbConfig parse(LbFormat format, String text, Path file) {
    try {
      return LbConfig.parse(format, text);
    } catch (io.fulcrum.guard.ConfigSyntaxException e) {
      throw new IllegalArgumentException(
          file + ": not a valid " + format + " config: " + e.getMessage(), e);
    }
  }

  private static String versions(FileConfigStore store, String pool) {
    Path dir = store.root().resolve("versions").resolve(pool);
    if (!Files.isDirectory(dir)) {
      return "none: unknown pool";
    }
    String ext = store.pointer(pool).getFileName().toString().substring(pool.length());
    try (Stream<Path> s = Files.list(dir)) {
      String v =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(ext))
              .map(n -> n.substring(0, n.length() - ext.length()))
              .sorted()
              .collect(Collectors.joining(", "));
      return v.isEmpty() ? "none" : v;
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }
}
