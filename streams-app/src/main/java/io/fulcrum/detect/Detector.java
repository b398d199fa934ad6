package io.fulcrum.detect;

import java.util.Optional;

/**
 * One anomaly test: a pure function of the window, the baseline (read only) and the expected
 * shares.
 */
public interface Detector {
  /**
   * @param baseline never null; may be cold (not warm)
   * @return a finding, or empty when the window looks normal for this detector
   */
  Optional<Finding> evaluate(PoolObservation observation, PoolBaseline baseline, Expected expected);
}
