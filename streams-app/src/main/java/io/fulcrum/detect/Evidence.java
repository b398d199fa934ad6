package io.fulcrum.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Builds {@link ServerEvidence} rows; shared by the detectors. */
final class Evidence {
  private Evidence() {}

  /** One row per named server, in the given order. */
  static List<ServerEvidence> of(
      PoolObservation obs, PoolBaseline baseline, Expected expected, Collection<String> servers) {
    long total = obs.servedCount();
    List<ServerEvidence> out = new ArrayList<>(servers.size());
    for (String name : servers) {
      ServerObservation s = obs.server(name);
      long count = s == null ? 0 : s.count();
      Double share = expected.share(name);
      double expShare = share == null ? 0.0 : share;
      out.add(
          new ServerEvidence(
              name,
              count,
              expShare * total,
              total == 0 ? 0.0 : (double) count / total,
              expShare,
              s == null ? 0.0 : s.errorRate(),
              baseline.isWarm() ? baseline.serverErrorRate(name) : 0.0,
              s == null ? 0 : s.latency().quantile(0.95),
              baseline.p95Ms(name)));
    }
    return out;
  }

  /** Rows for every member and every server with an expectation. */
  static List<ServerEvidence> all(PoolObservation obs, PoolBaseline baseline, Expected expected) {
    return of(obs, baseline, expected, expected.universe(obs));
  }

  /** "a, b, c" */
  static String names(Collection<String> servers) {
    return String.join(", ", servers);
  }
}
