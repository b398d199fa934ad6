package io.fulcrum.bench;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimRequest;
import java.time.Instant;

/** Simulator events as the Avro records of Fulcrum's input topics. */
final class SimRecords {
  private SimRecords() {}

  static RequestEvent request(SimRequest r) {
    return RequestEvent.newBuilder()
        .setTimestamp(Instant.ofEpochMilli(r.timestampMs()))
        .setPool(r.pool())
        .setServer(r.server())
        .setStatus(r.status())
        .setLatencyMs(r.latencyMs())
        .setBytes(r.bytes())
        .build();
  }

  static LbConfigChange change(SimConfigChange c) {
    return LbConfigChange.newBuilder()
        .setTimestamp(Instant.ofEpochMilli(c.timestampMs()))
        .setPool(c.pool())
        .setVersion(c.version())
        .setServers(c.weights())
        .setDescription(c.description())
        .build();
  }
}
