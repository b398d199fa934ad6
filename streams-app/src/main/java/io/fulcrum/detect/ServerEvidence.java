package io.fulcrum.detect;

/**
 * Per-server numbers attached to a {@link Finding}. Shares are fractions of the traffic answered by
 * pool members in the window (requests the LB could not route are not in the denominator).
 *
 * @param expectedCount expected share times the window's member traffic; 0 when the server has no
 *     expectation (new server, not in the declared weights, or drained)
 * @param expectedShare 0 for drained servers and for servers without an expectation
 * @param baselineErrorRate the baseline 5xx rate used for this server, 0 if none yet
 * @param p95Ms this window's p95 (0 without latency data)
 * @param baselineP95Ms learned p95, 0 if none yet
 */
public record ServerEvidence(
    String server,
    long observedCount,
    double expectedCount,
    double observedShare,
    double expectedShare,
    double errorRate,
    double baselineErrorRate,
    int p95Ms,
    int baselineP95Ms) {}
