package io.fulcrum.detect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of analysing one pool window.
 *
 * @param findings anomalies, ordered by {@link AnomalyKind}; empty when nothing is wrong
 * @param expectedShares expected share per server (drained servers included with 0); servers absent
 *     from the map had no expectation (new, or not in the declared weights). Empty when the source
 *     is NONE.
 * @param expectedSource where the expected shares came from
 * @param healthy no findings AND at least {@link DetectionSettings#minWindowCount()} requests: the
 *     window taught the baseline and is evidence that the current config is good
 * @param diagnosis the usual theories judged from this window; {@link Diagnosis#NONE} when nothing
 *     fired
 */
public record Analysis(
    List<Finding> findings,
    Map<String, Double> expectedShares,
    ExpectedSource expectedSource,
    boolean healthy,
    Diagnosis diagnosis) {
  public Analysis(
      List<Finding> findings,
      Map<String, Double> expectedShares,
      ExpectedSource expectedSource,
      boolean healthy) {
    this(findings, expectedShares, expectedSource, healthy, Diagnosis.NONE);
  }

  public Analysis {
    diagnosis = diagnosis == null ? Diagnosis.NONE : diagnosis;
    findings = List.copyOf(findings);
    expectedShares =
        expectedShares == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(expectedShares));
  }

  /** The highest severity among the findings, or null when there are none. */
  public Severity worstSeverity() {
    Severity worst = null;
    for (Finding f : findings) {
      if (worst == null || f.severity().compareTo(worst) > 0) {
        worst = f.severity();
      }
    }
    return worst;
  }
}
