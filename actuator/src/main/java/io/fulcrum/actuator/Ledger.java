package io.fulcrum.actuator;

import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the actuator has done with each command id, as read from and written to the compacted ledger
 * topic. An entry is a {@link RemediationResult}: outcome UNKNOWN means STARTED (an apply began and
 * has not finished), any other outcome means DONE. A DONE entry is never replaced by a STARTED one,
 * so replaying the topic over entries already known is harmless.
 */
final class Ledger {
  enum State {
    NONE,
    STARTED,
    DONE
  }

  private final Map<String, RemediationResult> entries = new HashMap<>();

  static boolean isStarted(RemediationResult entry) {
    return entry.getOutcome() == RemediationOutcome.UNKNOWN;
  }

  void put(RemediationResult entry) {
    RemediationResult known = entries.get(entry.getCommandId());
    if (known != null && !isStarted(known) && isStarted(entry)) {
      return;
    }
    entries.put(entry.getCommandId(), entry);
  }

  void remove(String commandId) {
    entries.remove(commandId);
  }

  State state(String commandId) {
    RemediationResult e = entries.get(commandId);
    return e == null ? State.NONE : isStarted(e) ? State.STARTED : State.DONE;
  }

  /** The entry of {@code commandId}, or null. */
  RemediationResult entry(String commandId) {
    return entries.get(commandId);
  }

  /**
   * How many commands were APPLIED to {@code pool} at or after {@code since}: what the rate limit
   * counts.
   */
  int appliedSince(String pool, Instant since) {
    return (int)
        entries.values().stream()
            .filter(
                e ->
                    e.getOutcome() == RemediationOutcome.APPLIED
                        && e.getPool().equals(pool)
                        && !e.getFinishedAt().isBefore(since))
            .count();
  }

  int size() {
    return entries.size();
  }
}
