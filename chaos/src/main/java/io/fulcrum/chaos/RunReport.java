package io.fulcrum.chaos;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyKind;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.RollbackCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one fault experiment proved. Zeros are promised for lost and double-counted requests,
 * duplicate windows, duplicate commands and false anomalies; the injected incident gets exactly one
 * rollback command.
 *
 * @param falseAnomalies anomalies on pools with no injected incident, before it, or POOL_SILENT
 *     anywhere
 * @param badPoolCommands rollback commands for the injected incident's pool (one expected)
 * @param duplicateCommands commands beyond the first for one incident, or repeated command ids
 * @param longestStallMs the longest wall-clock gap between two closed windows after the first
 *     fault: how long the pipeline held windows back (or could not work) before it caught up
 * @param lateRequests {@code fulcrum_late_requests_total} summed over the instances still running
 *     at the end
 */
public record RunReport(
    String name,
    ChaosPlan plan,
    List<String> faults,
    long sentLines,
    long sendFailures,
    long malformedSent,
    boolean incidentInjected,
    WindowCounts.Comparison counts,
    long duplicateWindows,
    List<String> falseAnomalies,
    long badPoolCommands,
    long duplicateCommands,
    long incidents,
    long deadLetters,
    Map<String, Long> deadLetterReasons,
    long longestStallMs,
    double lateRequests,
    double inputTasksLeftOut,
    double trafficSeconds,
    Path logs) {

  static RunReport of(
      String name,
      ChaosPlan plan,
      List<String> faults,
      Input traffic,
      Outputs outputs,
      long trafficStart,
      long trafficEnd,
      long firstFaultAt,
      double late,
      double leftOut,
      Path logs) {
    long deployAt = trafficStart + plan.lead().toMillis();
    List<String> falseAnomalies = new ArrayList<>();
    for (AnomalyEvent a : outputs.started()) {
      if (a.getOnset().toEpochMilli() >= traffic.truth().lastWindowStart(a.getPool())) {
        continue; // the pool's traffic really stopped in that window: silence is news, not a false
        // alarm
      }
      boolean injected =
          a.getPool().equals(plan.badPool())
              && a.getKind() != AnomalyKind.POOL_SILENT
              && a.getOnset().toEpochMilli() >= deployAt - plan.window().toMillis();
      if (!injected) {
        falseAnomalies.add(
            a.getKind()
                + " on "
                + a.getPool()
                + " from "
                + String.format("%.1f s", (a.getOnset().toEpochMilli() - trafficStart) / 1e3)
                + ": "
                + a.getSummary());
      }
    }
    Map<String, Integer> perIncident = new HashMap<>();
    Set<String> ids = new HashSet<>();
    long duplicates = 0;
    long badPool = 0;
    for (RollbackCommand c : outputs.commands()) {
      if (!ids.add(c.getCommandId()) || perIncident.merge(c.getIncidentId(), 1, Integer::sum) > 1) {
        duplicates++;
      }
      if (c.getPool().equals(plan.badPool()) && c.getFromVersion().equals(ChaosPlan.BAD_VERSION)) {
        badPool++;
      } else if (c.getPool().equals(plan.badPool())) {
        falseAnomalies.add(
            "rollback command blaming "
                + c.getFromVersion()
                + " on "
                + c.getPool()
                + " ("
                + c.getFromVersion()
                + " -> "
                + c.getToVersion()
                + "), not "
                + ChaosPlan.BAD_VERSION);
      } else {
        falseAnomalies.add(
            "rollback command for "
                + c.getPool()
                + " ("
                + c.getFromVersion()
                + " -> "
                + c.getToVersion()
                + ")");
      }
    }
    long incidents = outputs.incidents().stream().map(Incident::getIncidentId).distinct().count();
    long stall =
        firstFaultAt == Long.MAX_VALUE ? 0 : outputs.longestStall(firstFaultAt, trafficEnd);
    return new RunReport(
        name,
        plan,
        List.copyOf(faults),
        traffic.sent(),
        traffic.failed(),
        traffic.malformed(),
        traffic.injectsIncident(),
        WindowCounts.compare(traffic.truth(), outputs.windows()),
        outputs.duplicateWindows(),
        falseAnomalies,
        badPool,
        duplicates,
        incidents,
        outputs.deadLetters(),
        outputs.deadLetterReasons(),
        stall,
        late,
        leftOut,
        (trafficEnd - trafficStart) / 1e3,
        logs);
  }

  /** Every promise held. */
  public boolean passed() {
    return problems().isEmpty();
  }

  /** The promises broken, in words; empty when the run passed. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (sendFailures > 0) {
      p.add(
          sendFailures
              + " lines could not be delivered to Kafka by the shipper (not the pipeline's doing)");
    }
    if (!counts.exact()) {
      p.add(
          counts.lost()
              + " requests lost and "
              + counts.doubled()
              + " double-counted in "
              + counts.wrongCells()
              + " of "
              + counts.cells()
              + " (pool, server, window) cells, e.g.\n"
              + counts.describeExamples());
    }
    if (duplicateWindows > 0) {
      p.add(duplicateWindows + " windows were closed twice");
    }
    if (!falseAnomalies.isEmpty()) {
      p.add(falseAnomalies.size() + " false anomalies or commands: " + falseAnomalies);
    }
    long dueCommands = incidentInjected ? 1 : 0;
    if (badPoolCommands != dueCommands) {
      p.add(
          badPoolCommands
              + " rollback commands for "
              + plan.badPool()
              + ", expected "
              + dueCommands);
    }
    if (deadLetters != malformedSent) {
      p.add(deadLetters + " dead letters for " + malformedSent + " malformed records sent");
    }
    if (duplicateCommands > 0) {
      p.add(duplicateCommands + " duplicate rollback commands");
    }
    if (lateRequests > 0) {
      p.add(lateRequests + " requests counted as late by the instances still running");
    }
    return p;
  }

  /** One row of the reliability report's figures table. */
  public String tableRow() {
    return String.format(
        "| %s | %d pools, %.0f req/s, %.0f s | %s | %,d | %d | %d | %d | %d | %d | %.1f s | %s |",
        name,
        plan.pools(),
        plan.rateRps(),
        trafficSeconds,
        faults.isEmpty() ? "none" : String.join("; ", faults),
        counts.truthRequests(),
        counts.lost(),
        counts.doubled(),
        duplicateCommands,
        badPoolCommands,
        falseAnomalies.size(),
        longestStallMs / 1e3,
        passed() ? "pass" : "FAIL");
  }

  public static String tableHeader() {
    return "| experiment | load | faults (seconds into the traffic) | requests | lost | double-counted "
        + "| duplicate commands | commands for the incident | false anomalies | longest window stall | verdict |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|";
  }

  @Override
  public String toString() {
    return "chaos run "
        + name
        + ": "
        + (passed() ? "PASS" : "FAIL")
        + "\n"
        + tableHeader()
        + "\n"
        + tableRow()
        + "\ndead letters: "
        + deadLetters
        + " "
        + deadLetterReasons
        + "\nincidents: "
        + incidents
        + ", windows compared: "
        + counts.cells()
        + ", input tasks left out: "
        + inputTasksLeftOut
        + (passed() ? "" : "\nproblems:\n- " + String.join("\n- ", problems()))
        + "\nlogs: "
        + logs;
  }
}
