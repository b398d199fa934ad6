package io.fulcrum.connect.alert;

import io.fulcrum.avro.Evidence;
import io.fulcrum.avro.ServerEvidence;
import java.util.Comparator;
import java.util.Locale;

/** An anomaly's statistical evidence as one line for an alert annotation. */
final class Evidences {
  private static final int MAX_SERVERS = 8;

  private Evidences() {}

  static String describe(Evidence e) {
    StringBuilder b = new StringBuilder();
    b.append(e.getTest()).append(String.format(Locale.ROOT, " statistic=%.4g", e.getStatistic()));
    if (e.getDegreesOfFreedom() > 0) {
      b.append(" df=").append(e.getDegreesOfFreedom());
    }
    b.append(
        String.format(
            Locale.ROOT,
            " p=%.3g; %s=%.3f over %d requests; expected shares from %s",
            e.getPValue(),
            e.getEffectMeasure(),
            e.getEffectSize(),
            e.getTotalCount(),
            e.getExpectedSource()));
    if (e.getBaselineWindows() > 0) {
      b.append(" (").append(e.getBaselineWindows()).append(" baseline windows)");
    }
    var servers =
        e.getServers().stream()
            .sorted(
                Comparator.comparingDouble(
                    (ServerEvidence s) -> -Math.abs(s.getObservedShare() - s.getExpectedShare())))
            .limit(MAX_SERVERS)
            .toList();
    if (!servers.isEmpty()) {
      b.append("; ");
      for (int i = 0; i < servers.size(); i++) {
        ServerEvidence s = servers.get(i);
        b.append(i == 0 ? "" : ", ")
            .append(s.getServer())
            .append(
                String.format(
                    Locale.ROOT,
                    " %.1f%% (expected %.1f%%, %d requests",
                    100 * s.getObservedShare(),
                    100 * s.getExpectedShare(),
                    s.getObservedCount()));
        if (s.getErrorRate() > 0) {
          b.append(String.format(Locale.ROOT, ", 5xx %.1f%%", 100 * s.getErrorRate()));
        }
        if (s.getP95Ms() > 0) {
          b.append(", p95 ").append(s.getP95Ms()).append(" ms");
        }
        b.append(')');
      }
      if (e.getServers().size() > servers.size()) {
        b.append(", ").append(e.getServers().size() - servers.size()).append(" more");
      }
    }
    return b.toString();
  }
}
