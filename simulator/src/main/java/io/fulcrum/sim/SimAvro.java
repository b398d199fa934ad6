package io.fulcrum.sim;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RequestEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Simulator output as the Avro records Fulcrum's input topics carry (the demo, replay tests and ITs
 * feed these).
 */
public final class SimAvro {
  private SimAvro() {}

  public static RequestEvent toAvro(SimRequest r) {
    return RequestEvent.newBuilder()
        .setTimestamp(Instant.ofEpochMilli(r.timestampMs()))
        .setPool(r.pool())
        .setServer(r.server())
        .setStatus(r.status())
        .setLatencyMs(r.latencyMs())
        .setBytes(r.bytes())
        .build();
  }

  public static LbConfigChange toAvro(SimConfigChange c) {
    return toAvro(c, null);
  }

  /**
   * @param rename server name to the identifier the logs use (nginx: {@code host:port}), or null to
   *     keep names
   */
  public static LbConfigChange toAvro(SimConfigChange c, Map<String, String> rename) {
    Map<String, Double> weights = c.weights();
    if (weights != null && rename != null) {
      Map<String, Double> renamed = new LinkedHashMap<>();
      weights.forEach((server, w) -> renamed.put(rename.getOrDefault(server, server), w));
      weights = renamed;
    }
    return LbConfigChange.newBuilder()
        .setTimestamp(Instant.ofEpochMilli(c.timestampMs()))
        .setPool(c.pool())
        .setVersion(c.version())
        .setServers(weights)
        .setDescription(c.description())
        .build();
  }
}
