package io.fulcrum.remediate.stream;

import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.avro.RemediationResult;

/**
 * One input of the remediation step: a closed window's verdict or the actuator's result, merged into one
 * pool-keyed stream so both update the same per-pool state in order. In-process only, never serialised.
 */
public record RemediationInput(WindowVerdict verdict, RemediationResult result) {
  public RemediationInput {
    if ((verdict == null) == (result == null)) {
      throw new IllegalArgumentException("exactly one of verdict and result");
    }
  }

  public static RemediationInput of(WindowVerdict verdict) {
    return new RemediationInput(verdict, null);
  }

  public static RemediationInput of(RemediationResult result) {
    return new RemediationInput(null, result);
  }
}
