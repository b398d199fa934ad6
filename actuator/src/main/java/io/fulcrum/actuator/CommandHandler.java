package io.fulcrum.actuator;

import io.fulcrum.actuator.backend.ApplyReport;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.actuator.backend.BackendRoutes;
import io.fulcrum.actuator.backend.ConfigChanges;
import io.fulcrum.actuator.backend.Names;
import io.fulcrum.actuator.backend.StoreBackend;
import io.fulcrum.actuator.backend.StoreLock;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.sign.CommandSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides and carries out one command, with no Kafka in sight. Order: signature, ledger (DONE =
 * duplicate), names, backend, version exists, active version (NOOP), interrupted earlier attempt,
 * too old, pool moved on from the blamed version, dry run, rate limit, then STARTED in the ledger,
 * apply, result. Nothing is executed before the signature and the names are checked.
 */
final class CommandHandler {
  /**
   * Makes a STARTED entry durable before the backend acts; the ledger knows it once this returns.
   */
  interface Journal {
    void started(RemediationResult entry);
  }

  private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);
  private static final String NO_BACKEND = "none";
  private static final Duration STORE_LOCK_WAIT = Duration.ofSeconds(60);

  private final CommandSigner signer;
  private final BackendRoutes routes;
  private final Map<String, Backend> backends;
  private final Ledger ledger;
  private final ActuatorMetrics metrics;
  private final Clock clock;
  private final String actuatorId;
  private final boolean dryRun;
  private final int maxPerHour;
  private final Duration maxAge;

  CommandHandler(
      ActuatorSettings s,
      Map<String, Backend> backends,
      Ledger ledger,
      ActuatorMetrics metrics,
      Clock clock) {
    this.signer = s.signer();
    this.routes = s.routes();
    this.backends = Map.copyOf(backends);
    this.ledger = ledger;
    this.metrics = metrics;
    this.clock = clock;
    this.actuatorId = s.actuatorId();
    this.dryRun = s.dryRun();
    this.maxPerHour = s.maxPerHour();
    this.maxAge = s.maxCommandAge();
  }

  Handled handle(RollbackCommand c, Instant receivedAt, Journal journal) {
    CommandSigner.Verdict verdict = signer.verify(c);
    if (!verdict.ok()) {
      String reason = Names.printable(verdict.reason());
      metrics.signatureRejected();
      log.warn(
          "Rejected a rollback command for pool {}: {}",
          Names.valid(c.getPool()) ? c.getPool() : "(invalid name)",
          reason);
      return new Handled(
          result(c, receivedAt, RemediationOutcome.REJECTED, NO_BACKEND, null, null, reason),
          false,
          false,
          null,
          null);
    }
    RemediationResult earlier = ledger.entry(c.getCommandId());
    if (earlier != null && !Ledger.isStarted(earlier)) {
      metrics.duplicate();
      log.info(
          "Command {} was handled already ({}); not applying it again",
          c.getCommandId(),
          earlier.getOutcome());
      return new Handled(earlier, false, true, null, null);
    }
    String badName = Names.problem("pool", c.getPool());
    badName = badName != null ? badName : Names.problem("version", c.getToVersion());
    if (badName != null) {
      return reject(c, receivedAt, NO_BACKEND, badName);
    }
    String backendName = routes.backendFor(c.getPool());
    if (backendName == null) {
      return reject(
          c,
          receivedAt,
          NO_BACKEND,
          "no backend for pool " + c.getPool() + " in " + BackendRoutes.KEY);
    }
    Backend backend = backends.get(backendName);
    try {
      return decide(c, receivedAt, backend, earlier, journal);
    } catch (BackendException e) {
      log.warn(
          "Command {} for {} failed before applying: {}",
          c.getCommandId(),
          c.getPool(),
          e.getMessage());
      return Handled.done(
          result(
              c,
              receivedAt,
              RemediationOutcome.FAILED,
              backend.name(),
              null,
              null,
              e.getMessage()));
    }
  }

  private Handled decide(
      RollbackCommand c, Instant receivedAt, Backend b, RemediationResult started, Journal journal)
      throws BackendException {
    String pool = c.getPool();
    String target = c.getToVersion();
    if (!b.hasVersion(pool, target)) {
      return reject(
          c,
          receivedAt,
          b.name(),
          "version " + target + " of pool " + pool + " is not in the " + b.name() + " store");
    }
    String active = b.activeVersion(pool);
    if (target.equals(active)) {
      String notServing = started == null ? null : b.confirmServing(pool, target);
      if (notServing != null) {
        return fail(
            c,
            receivedAt,
            b,
            active,
            active,
            "an earlier attempt was interrupted; "
                + target
                + " is active but not served: "
                + notServing);
      }
      log.info(
          "Command {}: {} is already at {} ({}); nothing to do",
          c.getCommandId(),
          pool,
          target,
          b.name());
      return Handled.done(
          result(
              c,
              receivedAt,
              RemediationOutcome.NOOP_ALREADY_ACTIVE,
              b.name(),
              active,
              active,
              null));
    }
    if (started != null) {
      return fail(
          c,
          receivedAt,
          b,
          active,
          active,
          "an earlier attempt ("
              + started.getActuatorId()
              + ", started "
              + started.getReceivedAt()
              + ") was interrupted and "
              + pool
              + " is at "
              + active
              + ", not "
              + target
              + "; not retried, a command is applied at most once");
    }
    Duration age = Duration.between(c.getIssuedAt(), clock.instant());
    if (age.compareTo(maxAge) > 0) {
      // A command from a catch-up over old traffic, or one that waited out an actuator outage: not
      // this incident.
      return reject(
          c,
          receivedAt,
          b.name(),
          "issued "
              + age.toSeconds()
              + " s ago, at "
              + c.getIssuedAt()
              + " (fulcrum.actuator.max-command-age="
              + maxAge
              + "): only a live incident is rolled back");
    }
    if (active != null && !b.simulatesOnly() && !active.equals(c.getFromVersion())) {
      return reject(
          c,
          receivedAt,
          b.name(),
          pool
              + " is at "
              + active
              + ", not at "
              + c.getFromVersion()
              + ", the version the incident blamed: it changed since, and a rollback would undo that change");
    }
    if (dryRun || c.getDryRun() || b.simulatesOnly()) {
      String would =
          "dry run: would switch "
              + pool
              + " from "
              + active
              + " to "
              + target
              + " with "
              + b.name();
      log.info("Command {}: {}", c.getCommandId(), would);
      return Handled.done(
          result(c, receivedAt, RemediationOutcome.DRY_RUN, b.name(), active, active, would));
    }
    int recent = ledger.appliedSince(pool, clock.instant().minus(Duration.ofHours(1)));
    if (recent >= maxPerHour) {
      return reject(
          c,
          receivedAt,
          b.name(),
          "rate limit: "
              + recent
              + " rollbacks of "
              + pool
              + " in the last hour (fulcrum.actuator.max-per-hour="
              + maxPerHour
              + ")");
    }
    journal.started(
        result(c, receivedAt, RemediationOutcome.UNKNOWN, b.name(), active, null, "started"));
    return apply(c, receivedAt, b, active);
  }

  private Handled apply(RollbackCommand c, Instant receivedAt, Backend b, String active) {
    long t0 = System.nanoTime();
    try {
      ApplyRequest request =
          new ApplyRequest(
              c.getCommandId(),
              c.getIncidentId(),
              c.getPool(),
              c.getFromVersion(),
              c.getToVersion(),
              c.getReason());
      ApplyReport r;
      String hash = null;
      if (b instanceof StoreBackend sb) {
        // a deploy in another process switches the same pointers: one change at a time
        try (StoreLock lock = StoreLock.acquire(sb.store().root(), STORE_LOCK_WAIT)) {
          r = b.apply(request);
        }
        hash = ConfigChanges.fileHash(sb.store().versionFile(c.getPool(), c.getToVersion()));
      } else {
        r = b.apply(request);
      }
      metrics.applied(b.name(), true, Duration.ofNanos(System.nanoTime() - t0));
      String before = r.versionBefore() != null ? r.versionBefore() : active;
      log.info(
          "Command {}: {} {} -> {} applied with {}: {}",
          c.getCommandId(),
          c.getPool(),
          before,
          r.versionAfter(),
          b.name(),
          r.detail());
      return new Handled(
          result(
              c, receivedAt, RemediationOutcome.APPLIED, b.name(), before, r.versionAfter(), null),
          true,
          false,
          r.servers(),
          hash);
    } catch (BackendException e) {
      metrics.applied(b.name(), false, Duration.ofNanos(System.nanoTime() - t0));
      return fail(c, receivedAt, b, active, activeOrNull(b, c.getPool()), e.getMessage());
    }
  }

  private Handled reject(RollbackCommand c, Instant receivedAt, String backend, String reason) {
    log.warn("Rejected command {}: {}", c.getCommandId(), reason);
    return Handled.done(
        result(c, receivedAt, RemediationOutcome.REJECTED, backend, null, null, reason));
  }

  private Handled fail(
      RollbackCommand c,
      Instant receivedAt,
      Backend b,
      String before,
      String after,
      String reason) {
    log.warn("Command {} failed on {}: {}", c.getCommandId(), b.name(), reason);
    return Handled.done(
        result(c, receivedAt, RemediationOutcome.FAILED, b.name(), before, after, reason));
  }

  private static String activeOrNull(Backend b, String pool) {
    try {
      return b.activeVersion(pool);
    } catch (BackendException e) {
      return null;
    }
  }

  private RemediationResult result(
      RollbackCommand c,
      Instant receivedAt,
      RemediationOutcome outcome,
      String backend,
      String before,
      String after,
      String reason) {
    Instant finished = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    return RemediationResult.newBuilder()
        .setCommandId(c.getCommandId())
        .setIncidentId(c.getIncidentId())
        .setPool(c.getPool())
        .setOutcome(outcome)
        .setBackend(backend)
        .setRequestedVersion(c.getToVersion())
        .setVersionBefore(before)
        .setVersionAfter(after)
        .setReason(reason)
        .setReceivedAt(receivedAt)
        .setFinishedAt(finished)
        .setDurationMs(Math.max(0, finished.toEpochMilli() - receivedAt.toEpochMilli()))
        .setActuatorId(actuatorId)
        .build();
  }
}
