package io.fulcrum.remediate.stream;

import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.RemediationResult;

/**
 * One input of the remediation step: a closed window's verdict, the actuator's result, an
 * operator's approval decision, or word that the pool was forgotten (silent for {@code
 * fulcrum.pool.forget-after}), merged into one pool-keyed stream so all update the same per-pool
 * state in order. In-process only, never serialised.
 */
public record RemediationInput(
    WindowVerdict verdict, RemediationResult result, ApprovalDecision approval, boolean forgotten) {
  public RemediationInput {
    if ((verdict == null ? 0 : 1)
            + (result == null ? 0 : 1)
            + (approval == null ? 0 : 1)
            + (forgotten ? 1 : 0)
        != 1) {
      throw new IllegalArgumentException("exactly one of verdict, result, approval and forgotten");
    }
  }

  /** A verdict, or a pool forgotten upstream when there is none. */
  public static RemediationInput ofNullable(WindowVerdict verdict) {
    return verdict == null ? new RemediationInput(null, null, null, true) : of(verdict);
  }

  public static RemediationInput of(WindowVerdict verdict) {
    return new RemediationInput(verdict, null, null, false);
  }

  public static RemediationInput of(RemediationResult result) {
    return new RemediationInput(null, result, null, false);
  }

  public static RemediationInput of(ApprovalDecision approval) {
    return new RemediationInput(null, null, approval, false);
  }
}
