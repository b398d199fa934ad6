package io.fulcrum.guard.check;

import io.fulcrum.guard.check.Finding.Rule;
import io.fulcrum.guard.check.Finding.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The blocking rules over two share distributions of one pool, predicted or measured: a serving
 * server's share grows too much, only one server or only backups would get traffic, or none would.
 */
public final class GuardRules {
  private GuardRules() {}

  /**
   * @param renames current name to candidate name
   * @param backups the candidate's backup servers
   */
  public static List<Finding> evaluate(
      String pool,
      Shares before,
      Shares after,
      Map<String, String> renames,
      Set<String> backups,
      GuardSettings s,
      boolean measured) {
    List<Finding> out = new ArrayList<>();
    Map<String, Double> prior = new HashMap<>();
    before
        .shares()
        .forEach(
            (name, share) -> prior.merge(renames.getOrDefault(name, name), share, Double::sum));
    String verb = measured ? "took" : "would take";
    String now = measured ? "current" : "now";
    after
        .shares()
        .forEach(
            (name, share) -> {
              double was = prior.getOrDefault(name, 0.0);
              if (grows(was, share, s)) {
                out.add(
                    new Finding(
                        pool,
                        Rule.SHARE_GROWTH,
                        Severity.BLOCK,
                        String.format(
                            Locale.ROOT,
                            "%s%s %s %s of traffic (%s %s, %s)",
                            measured ? "measured: " : "",
                            name,
                            verb,
                            pct(share),
                            now,
                            pct(was),
                            times(share / was)),
                        measured));
              }
            });
    List<String> receivers = after.receivers();
    List<String> priorReceivers = before.receivers();
    String prefix = measured ? "measured: " : "";
    if (receivers.isEmpty() && !priorReceivers.isEmpty()) {
      out.add(
          new Finding(
              pool,
              Rule.NO_SERVER,
              Severity.BLOCK,
              prefix
                  + "no server "
                  + (measured ? "got" : "would get")
                  + " traffic: every request would fail (now "
                  + priorReceivers.size()
                  + " servers)",
              measured));
    } else if (s.blockBackupOnly()
        && !receivers.isEmpty()
        && backups.containsAll(receivers)
        && !priorReceivers.stream().allMatch(r -> backups.contains(renames.getOrDefault(r, r)))) {
      out.add(
          new Finding(
              pool,
              Rule.BACKUP_ONLY,
              Severity.BLOCK,
              prefix
                  + "only backup servers "
                  + (measured ? "got" : "would get")
                  + " traffic ("
                  + String.join(", ", receivers)
                  + ")",
              measured));
    } else if (s.blockSingleServer() && receivers.size() == 1 && priorReceivers.size() >= 2) {
      out.add(
          new Finding(
              pool,
              Rule.SINGLE_SERVER,
              Severity.BLOCK,
              prefix
                  + "only "
                  + receivers.get(0)
                  + " "
                  + (measured ? "got" : "would get")
                  + " traffic ("
                  + now
                  + " "
                  + priorReceivers.size()
                  + " servers)",
              measured));
    }
    return out;
  }

  /**
   * More than {@code maxShareGrowth} times and at least {@code minShareGrowthPoints} more; only for
   * servers that served.
   */
  public static boolean grows(double was, double share, GuardSettings s) {
    return was > 0
        && share > s.maxShareGrowth() * was
        && (share - was) * 100 >= s.minShareGrowthPoints() - 1e-9;
  }

  /** 100%, 25%, 33.3%, 0.5%. */
  public static String pct(double share) {
    double p = Math.round(share * 1000) / 10.0;
    return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + "%";
  }

  static String times(double ratio) {
    return String.format(Locale.ROOT, "%.1f×", ratio);
  }
}
