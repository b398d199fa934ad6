package io.fulcrum.anomaly;

import io.fulcrum.avro.ExpectedSource;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.ServerShare;
import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The dashboard snapshot of a closed window. */
public final class PoolWindows {
  private PoolWindows() {}

  public static PoolWindow from(WindowVerdict v) {
    PoolObservation o = v.window().observation();
    long served = o.servedCount();
    List<ServerShare> servers = new ArrayList<>(o.servers().size());
    for (ServerObservation s : o.servers()) {
      boolean any = s.latency() != null && s.latency().count() > 0;
      servers.add(
          ServerShare.newBuilder()
              .setServer(s.server())
              .setCount(s.count())
              .setErrors5xx(s.errors5xx())
              .setShare(served == 0 ? 0.0 : (double) s.count() / served)
              .setExpectedShare(v.analysis().expectedShares().get(s.server()))
              .setLatencyP50Ms(any ? s.latency().quantile(0.50) : null)
              .setLatencyP95Ms(any ? s.latency().quantile(0.95) : null)
              .setLatencyP99Ms(any ? s.latency().quantile(0.99) : null)
              .build());
    }
    return PoolWindow.newBuilder()
        .setPool(o.pool())
        .setWindowStart(Instant.ofEpochMilli(o.windowStartMs()))
        .setWindowEnd(Instant.ofEpochMilli(o.windowEndMs()))
        .setClosedAt(Instant.ofEpochMilli(v.window().closedAt()))
        .setTotalCount(o.requestCount())
        .setTotalErrors5xx(o.errorCount())
        .setNoServerCount(o.noServerCount())
        .setConfigVersion(v.window().activeConfig().map(ConfigEntry::getVersion).orElse(null))
        .setExpectedSource(ExpectedSource.valueOf(v.analysis().expectedSource().name()))
        .setHealthy(v.analysis().healthy())
        .setServers(servers)
        .build();
  }
}
