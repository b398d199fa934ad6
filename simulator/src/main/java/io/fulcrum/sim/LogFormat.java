package io.fulcrum.sim;

/** Allocation-free number formatting shared by the log formatters. */
final class LogFormat {

  private LogFormat() {}

  static StringBuilder pad2(StringBuilder sb, int v) {
    if (v < 10) {
      sb.append('0');
    }
    return sb.append(v);
  }

  static StringBuilder pad3(StringBuilder sb, int v) {
    if (v < 100) {
      sb.append('0');
    }
    if (v < 10) {
      sb.append('0');
    }
    return sb.append(v);
  }

  /** {@code ms} as seconds with three decimals: 42 -> 0.042, 1718031600123 -> 1718031600.123. */
  static StringBuilder seconds(StringBuilder sb, long ms) {
    sb.append(Math.floorDiv(ms, 1000)).append('.');
    return pad3(sb, Math.floorMod(ms, 1000));
  }
}
