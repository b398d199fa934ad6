package io.fulcrum.detect;

/**
 * Every threshold of the detectors and the baseline. {@link #defaults()} documents the defaults; each is chosen so
 * that a pool tested every 10 s stays quiet under normal noise while the incident pattern (most traffic on one
 * server) is caught in the first window.
 *
 * @param alpha                    significance level of every test (default 1e-6: thousands of pool windows are
 *                                 tested per hour, so a false alarm needs ~ one-in-a-million luck)
 * @param minWindowCount           member requests needed for an IMBALANCE G-test and for a window to be healthy
 *                                 (default 20)
 * @param imbalanceMinTvd          minimum total variation distance for a G-test IMBALANCE (default 0.2)
 * @param imbalanceCriticalTvd     TVD from which IMBALANCE is CRITICAL (default 0.5)
 * @param starvationMinExpected    a server must expect at least this many requests to be called starved
 *                                 (default 15; P(0 | 15) = 3e-7)
 * @param starvationMinDeficit     minimum 1 - observed/expected for a starved server (default 0.9)
 * @param drainedLeakShare         share of traffic drained servers may keep under the null (default 0.02)
 * @param drainedMinShare          share on drained servers that counts as IMBALANCE (default 0.5: a window that
 *                                 straddles the drain still carries the old routing for part of it)
 * @param errorFloorRate           smallest 5xx baseline rate used in the binomial test (default 0.001)
 * @param errorMinRate             absolute 5xx rate an ERROR_SPIKE must reach (default 0.05)
 * @param errorBaselineMultiple    ... and this multiple of the baseline rate (default 3)
 * @param errorMinCount            ... with at least this many errors (default 5)
 * @param errorCriticalRate        5xx rate from which ERROR_SPIKE is CRITICAL (default 0.2)
 * @param errorPriorRequests       per-server 5xx baselines are shrunk toward the pool rate with this many
 *                                 pseudo-requests (default 50)
 * @param latencyMinCount          requests a server needs in the window for a LATENCY test (default 50)
 * @param latencyMinRatio          window p95 must be at least this multiple of baseline p95 (default 1.5)
 * @param latencyMinDeltaMs        ... and this many ms above it (default 50)
 * @param latencyCriticalRatio     p95 ratio from which LATENCY is CRITICAL (default 3)
 * @param latencyMinBaselineCount  decayed request weight a server's latency baseline needs (default 200)
 * @param silenceMinRate           baseline requests per window needed to test for POOL_SILENT (default 20)
 * @param silenceMaxFraction       a silent window has at most this fraction of the baseline rate (default 0.1)
 * @param baselineHalfLifeWindows  EWMA half-life of the baseline, in windows (default 30 = 5 min at 10 s)
 * @param warmWindows              healthy windows before the baseline is used (default 6)
 * @param maturityWindows          learned windows a server that joined later needs before its share is
 *                                 expected (default 12); until then it is treated as new
 * @param dropShare                servers whose learned share decays below this (and that got nothing in the
 *                                 window) are forgotten (default 1e-4, ~57 min after leaving at 25% share)
 */
public record DetectionSettings(double alpha, long minWindowCount, double imbalanceMinTvd,
                                double imbalanceCriticalTvd, double starvationMinExpected,
                                double starvationMinDeficit, double drainedLeakShare, double drainedMinShare,
                                double errorFloorRate, double errorMinRate, double errorBaselineMultiple,
                                long errorMinCount, double errorCriticalRate, double errorPriorRequests,
                                long latencyMinCount, double latencyMinRatio, int latencyMinDeltaMs,
                                double latencyCriticalRatio, double latencyMinBaselineCount,
                                double silenceMinRate, double silenceMaxFraction, double baselineHalfLifeWindows,
                                int warmWindows, int maturityWindows, double dropShare) {
    public DetectionSettings {
        requireOpen01(alpha, "alpha");
        requireOpen01(errorFloorRate, "errorFloorRate");
        requireOpen01(drainedLeakShare, "drainedLeakShare");
        if (minWindowCount < 1 || warmWindows < 1 || maturityWindows < 1 || latencyMinCount < 1
                || errorMinCount < 1) {
            throw new IllegalArgumentException("counts must be >= 1");
        }
        if (!(baselineHalfLifeWindows > 0) || !(starvationMinExpected > 0) || !(silenceMinRate > 0)
                || !(latencyMinRatio >= 1) || !(errorBaselineMultiple >= 1) || errorPriorRequests < 0) {
            throw new IllegalArgumentException("invalid detection settings");
        }
    }

    /** The documented defaults. */
    public static DetectionSettings defaults() {
        return new DetectionSettings(1e-6, 20, 0.2, 0.5, 15, 0.9, 0.02, 0.5,
                0.001, 0.05, 3.0, 5, 0.2, 50,
                50, 1.5, 50, 3.0, 200,
                20, 0.1, 30, 6, 12, 1e-4);
    }

    /** A copy with another significance level. */
    public DetectionSettings withAlpha(double newAlpha) {
        return new DetectionSettings(newAlpha, minWindowCount, imbalanceMinTvd, imbalanceCriticalTvd,
                starvationMinExpected, starvationMinDeficit, drainedLeakShare, drainedMinShare, errorFloorRate,
                errorMinRate, errorBaselineMultiple, errorMinCount, errorCriticalRate, errorPriorRequests,
                latencyMinCount, latencyMinRatio, latencyMinDeltaMs, latencyCriticalRatio, latencyMinBaselineCount,
                silenceMinRate, silenceMaxFraction, baselineHalfLifeWindows, warmWindows, maturityWindows,
                dropShare);
    }

    /** A copy with another baseline half-life and warm-up length. */
    public DetectionSettings withBaseline(double halfLifeWindows, int newWarmWindows) {
        return new DetectionSettings(alpha, minWindowCount, imbalanceMinTvd, imbalanceCriticalTvd,
                starvationMinExpected, starvationMinDeficit, drainedLeakShare, drainedMinShare, errorFloorRate,
                errorMinRate, errorBaselineMultiple, errorMinCount, errorCriticalRate, errorPriorRequests,
                latencyMinCount, latencyMinRatio, latencyMinDeltaMs, latencyCriticalRatio, latencyMinBaselineCount,
                silenceMinRate, silenceMaxFraction, halfLifeWindows, newWarmWindows, maturityWindows, dropShare);
    }

    /** Per-window EWMA decay factor 2^(-1/halfLife). */
    public double decay() {
        return Math.pow(0.5, 1.0 / baselineHalfLifeWindows);
    }

    private static void requireOpen01(double v, String name) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1): " + v);
        }
    }
}
