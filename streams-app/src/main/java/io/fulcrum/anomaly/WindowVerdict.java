package io.fulcrum.anomaly;

import io.fulcrum.detect.Analysis;
import io.fulcrum.distribution.ClosedWindow;

/** A closed window with the detectors' analysis of it (in-process, never serialised). */
public record WindowVerdict(ClosedWindow window, Analysis analysis, long baselineWindows) {}
