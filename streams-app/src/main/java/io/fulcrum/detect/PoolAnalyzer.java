package io.fulcrum.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Runs every detector on one pool window and keeps the pool's baseline up to date.
 *
 * <p>Learning rule: a window is <em>healthy</em> when no detector fired and the members served at
 * least {@link DetectionSettings#minWindowCount()} requests; only healthy windows are learned, so
 * an anomaly never becomes the new normal, and "healthy" is the evidence that the current config
 * works. A window with no findings but too little traffic only updates the request-rate average (so
 * night-time lows are not mistaken for silence). Stateless apart from the settings; safe to share
 * between threads (the baselines are not).
 */
public final class PoolAnalyzer {
  private final DetectionSettings settings;
  private final List<Detector> detectors;
  private final Diagnostician diagnostician;

  public PoolAnalyzer() {
    this(DetectionSettings.defaults());
  }

  public PoolAnalyzer(DetectionSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.detectors =
        List.of(
            new SilenceDetector(settings),
            new ImbalanceDetector(settings),
            new ErrorSpikeDetector(settings),
            new LatencyDetector(settings));
    this.diagnostician = new Diagnostician(settings);
  }

  public DetectionSettings settings() {
    return settings;
  }

  /** A new empty baseline with these settings. */
  public PoolBaseline newBaseline() {
    return new PoolBaseline(settings);
  }

  /** Decodes a stored baseline with these settings. */
  public PoolBaseline baselineFromBytes(byte[] bytes) {
    return PoolBaseline.fromBytes(bytes, settings);
  }

  /**
   * Evaluates the window and then learns from it if healthy; {@code baseline} is updated in place.
   */
  public Analysis analyze(PoolObservation observation, PoolBaseline baseline) {
    Analysis analysis = evaluate(observation, baseline);
    if (analysis.healthy()) {
      baseline.learn(observation);
    } else if (analysis.findings().isEmpty()) {
      baseline.learnRate(observation);
    }
    return analysis;
  }

  /**
   * The analysis behind a finding made elsewhere (the fast path's): expected shares and the
   * differential diagnosis of {@code observation}, with {@code finding} as its only finding.
   */
  public Analysis withFinding(PoolObservation observation, PoolBaseline baseline, Finding finding) {
    PoolBaseline b = baseline == null ? newBaseline() : baseline;
    Expected expected = Expected.resolve(observation, b);
    Diagnosis diagnosis = diagnostician.diagnose(observation, b, expected);
    return new Analysis(List.of(finding), expected.shares(), expected.source(), false, diagnosis);
  }

  /** Evaluates the window without touching the baseline. */
  public Analysis evaluate(PoolObservation observation, PoolBaseline baseline) {
    Objects.requireNonNull(observation, "observation");
    PoolBaseline b = baseline == null ? newBaseline() : baseline;
    Expected expected = Expected.resolve(observation, b);
    List<Finding> findings = new ArrayList<>(detectors.size());
    for (Detector d : detectors) {
      d.evaluate(observation, b, expected).ifPresent(findings::add);
    }
    findings.sort(Comparator.comparing(Finding::kind));
    boolean healthy = findings.isEmpty() && observation.servedCount() >= settings.minWindowCount();
    // Only anomalous windows are diagnosed: the theories are for the people looking at an incident.
    Diagnosis diagnosis =
        findings.isEmpty() ? Diagnosis.NONE : diagnostician.diagnose(observation, b, expected);
    return new Analysis(findings, expected.shares(), expected.source(), healthy, diagnosis);
  }
}
