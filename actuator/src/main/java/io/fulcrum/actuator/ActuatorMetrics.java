package io.fulcrum.actuator;

import io.fulcrum.avro.RemediationOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The actuator's meters: {@code fulcrum.actuator.commands{outcome,backend}}, {@code
 * fulcrum.actuator.apply.duration {backend,outcome}}, {@code fulcrum.actuator.signatures.rejected},
 * {@code fulcrum.actuator.commands.duplicate} and {@code fulcrum.actuator.commands.undecodable}.
 */
final class ActuatorMetrics {
  private final MeterRegistry registry;
  private final Counter signaturesRejected;
  private final Counter duplicates;
  private final Counter undecodable;

  ActuatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.signaturesRejected =
        Counter.builder("fulcrum.actuator.signatures.rejected")
            .description("Commands whose signature did not verify; never executed")
            .register(registry);
    this.duplicates =
        Counter.builder("fulcrum.actuator.commands.duplicate")
            .description("Commands already done according to the ledger; not applied again")
            .register(registry);
    this.undecodable =
        Counter.builder("fulcrum.actuator.commands.undecodable")
            .description("Records on the command topic that are not RollbackCommands; skipped")
            .register(registry);
  }

  void command(RemediationOutcome outcome, String backend) {
    Counter.builder("fulcrum.actuator.commands")
        .description("Commands handled, by outcome")
        .tag("outcome", outcome.name())
        .tag("backend", backend)
        .register(registry)
        .increment();
  }

  void applied(String backend, boolean ok, Duration took) {
    Timer.builder("fulcrum.actuator.apply.duration")
        .description("Time a backend took to apply a version")
        .tag("backend", backend)
        .tag("outcome", ok ? "APPLIED" : "FAILED")
        .register(registry)
        .record(took);
  }

  void signatureRejected() {
    signaturesRejected.increment();
  }

  void duplicate() {
    duplicates.increment();
  }

  void undecodable() {
    undecodable.increment();
  }
}
