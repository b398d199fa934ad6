package io.fulcrum.detect;

import java.util.List;
import java.util.Objects;

/**
 * One detector verdict for one pool window.
 *
 * @param kind what is wrong
 * @param severity see each detector's Javadoc
 * @param server the server concerned, or {@code null} for a pool-wide finding (or several servers)
 * @param test the statistical test that decided, e.g. "G-test"
 * @param statistic its statistic (G, or the observed count for exact count tests)
 * @param degreesOfFreedom for chi-square tests; 0 otherwise
 * @param pValue in [0, 1], never NaN; may underflow to 0
 * @param effectSize the practical-significance measure that also had to pass
 * @param effectMeasure its name, e.g. "total variation distance"
 * @param evidence per-server numbers, sorted by server name
 * @param headline one human line without pool name or cause, e.g. "web-1 got 100% of traffic
 *     (expected 25%)"
 */
public record Finding(
    AnomalyKind kind,
    Severity severity,
    String server,
    String test,
    double statistic,
    int degreesOfFreedom,
    double pValue,
    double effectSize,
    String effectMeasure,
    List<ServerEvidence> evidence,
    String headline) {
  public Finding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    pValue = Stats.clampP(pValue);
  }
}
