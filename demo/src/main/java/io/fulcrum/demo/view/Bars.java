package io.fulcrum.demo.view;

import java.util.Locale;

/** Traffic-share bars and percentages. */
public final class Bars {
  private Bars() {}

  /**
   * {@code share} in [0,1] as {@code width} cells: filled cells rounded to the nearest, never
   * negative.
   */
  public static String bar(double share, int width, char filled, char empty) {
    double s = Double.isFinite(share) ? Math.max(0, Math.min(1, share)) : 0;
    int n = (int) Math.round(s * width);
    return String.valueOf(filled).repeat(n) + String.valueOf(empty).repeat(width - n);
  }

  /** "25%", "0.4%" below 10%, "100%". */
  public static String percent(double share) {
    double p = share * 100;
    return p > 0 && p < 10
        ? String.format(Locale.ROOT, "%.1f%%", p)
        : String.format(Locale.ROOT, "%.0f%%", p);
  }

  /** How a server's share compares with what it should get: far above, far below, or fine. */
  public static Style shareStyle(double share, Double expected) {
    if (expected == null) {
      return Style.GOOD;
    }
    if (share > expected * 2 && share - expected > 0.1) {
      return Style.BAD;
    }
    if (share < expected / 2 && expected - share > 0.1) {
      return Style.WARN;
    }
    return Style.GOOD;
  }

  public static Style errorStyle(double rate) {
    return rate >= 0.05 ? Style.BAD : rate >= 0.01 ? Style.WARN : Style.GOOD;
  }
}
