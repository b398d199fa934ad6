package io.fulcrum.replay;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.SimRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A simulated incident through the whole topology with an actuator in the loop, in event time: each
 * rollback command is answered as {@link Actuator} says, and an applied one really switches the
 * simulated load balancer, which announces the restored version on the config-changes topic as the
 * real actuator does.
 */
public final class ClosedLoop {
  public static final long START = 1_781_000_000_000L;

  /** How the simulated actuator answers. */
  public enum Actuator {
    /**
     * Switches the load balancer and reports APPLIED (DRY_RUN for dry-run commands, without
     * switching).
     */
    APPLY,
    /** Reports APPLIED but changes nothing: recovery verification must catch it. */
    APPLY_WITHOUT_EFFECT,
    /** Reports FAILED. */
    FAIL,
    /** Never answers. */
    SILENT
  }

  /** Everything the run published. */
  public record Outcome(
      Scenario scenario,
      List<RollbackCommand> commands,
      List<Incident> incidents,
      List<AnomalyEvent> anomalies,
      List<RemediationResult> results) {
    public long onset() {
      return START + scenario.expectation().onsetOffsetMs();
    }

    /** The latest update of each incident, by id, in order of first appearance. */
    public List<Incident> finalIncidents() {
      Map<String, Incident> last = new LinkedHashMap<>();
      incidents.forEach(i -> last.put(i.getIncidentId(), i));
      return List.copyOf(last.values());
    }

    public List<IncidentState> statesOf(String incidentId) {
      return incidents.stream()
          .filter(i -> i.getIncidentId().equals(incidentId))
          .map(Incident::getState)
          .distinct()
          .toList();
    }
  }

  private ClosedLoop() {}

  public static Outcome run(
      Scenario scenario,
      long seed,
      double rateMultiplier,
      FulcrumSettings settings,
      Actuator actuator) {
    return run(scenario, seed, rateMultiplier, settings, actuator, (driver, result) -> {});
  }

  /**
   * @param afterResult called after each result is fed (lets a test add duplicates)
   */
  public static Outcome run(
      Scenario scenario,
      long seed,
      double rateMultiplier,
      FulcrumSettings settings,
      Actuator actuator,
      BiConsumer<ReplayDriver, RemediationResult> afterResult) {
    List<RollbackCommand> commands = new ArrayList<>();
    List<RemediationResult> results = new ArrayList<>();
    try (ReplayDriver driver = new ReplayDriver(settings)) {
      SimRun run = scenario.events(START, seed, rateMultiplier);
      Runnable answer =
          () -> {
            for (RollbackCommand c : driver.commands()) {
              commands.add(c);
              RemediationResult r = respond(c, actuator, run);
              if (r != null) {
                results.add(r);
                driver.remediationResult(r);
                afterResult.accept(driver, r);
              }
            }
          };
      SimFeeder.play(
          run,
          driver,
          SimFeeder.Input.AVRO,
          e -> {
            if (driver.hasCommands()) {
              answer.run();
            }
          });
      driver.finish();
      answer.run();
      return new Outcome(scenario, commands, driver.incidents(), driver.anomalies(), results);
    }
  }

  private static RemediationResult respond(RollbackCommand c, Actuator actuator, SimRun run) {
    return switch (actuator) {
      case SILENT -> null;
      case FAIL ->
          ReplayActuator.result(
              c,
              RemediationOutcome.FAILED,
              c.getFromVersion(),
              "haproxy -c rejected " + c.getToVersion() + ".cfg; old config left in place");
      case APPLY_WITHOUT_EFFECT ->
          ReplayActuator.result(c, RemediationOutcome.APPLIED, c.getToVersion(), null);
      case APPLY -> {
        if (c.getDryRun()) {
          yield ReplayActuator.result(c, RemediationOutcome.DRY_RUN, c.getFromVersion(), null);
        }
        run.loadBalancer().activate(c.getPool(), c.getToVersion());
        yield ReplayActuator.result(c, RemediationOutcome.APPLIED, c.getToVersion(), null);
      }
    };
  }

  /** Settings with the documented defaults plus {@code overrides}. */
  public static FulcrumSettings settings(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return FulcrumSettings.defaultsWith(m);
  }
}
