package io.fulcrum.actuator;

import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import java.util.Map;

/**
 * What became of one command.
 *
 * @param result the result to publish
 * @param ledger whether to record it as DONE in the ledger (false for forged commands, whose id
 *     must not block the genuine command, and for duplicates, which are DONE already)
 * @param duplicate the command id was DONE already: {@code result} is the stored result, published
 *     again
 * @param servers declared weights of the applied version, when the backend knows them
 * @param configHash SHA-256 of the applied version's file, when the backend keeps files
 */
record Handled(
    RemediationResult result,
    boolean ledger,
    boolean duplicate,
    Map<String, Double> servers,
    String configHash) {
  static Handled done(RemediationResult result) {
    return new Handled(result, true, false, null, null);
  }

  boolean applied() {
    return result.getOutcome() == RemediationOutcome.APPLIED;
  }
}
