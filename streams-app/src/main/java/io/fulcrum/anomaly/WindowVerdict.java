package io.fulcrum.anomaly;

import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.detect.Analysis;
import io.fulcrum.distribution.ClosedWindow;

/**
 * A closed window with the detectors' analysis of it (in-process, never serialised); or the fast
 * path's alarm, whose window spans the slices watched since {@code blamedChange}.
 *
 * @param blamedChange the fresh change the fast path's alarm blames; null for a window's verdict
 */
public record WindowVerdict(
    ClosedWindow window, Analysis analysis, long baselineWindows, ConfigEntry blamedChange) {
  public WindowVerdict(ClosedWindow window, Analysis analysis, long baselineWindows) {
    this(window, analysis, baselineWindows, null);
  }

  /** Whether this is the fast path's alarm rather than a closed window's verdict. */
  public boolean fast() {
    return blamedChange != null;
  }
}
