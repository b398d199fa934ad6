package io.fulcrum.distribution;

import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.detect.PoolObservation;
import java.util.Optional;

/**
 * One pool's closed window, as handed from the assembler to the detectors (in-process, never serialised).
 *
 * @param closedAt event time at which the window closed: its end plus grace
 * @param config the pool's config history as known at close
 */
public record ClosedWindow(PoolObservation observation, long closedAt, ConfigTimeline config) {
  public String pool() {
    return observation.pool();
  }

  public long windowStart() {
    return observation.windowStartMs();
  }

  public long windowEnd() {
    return observation.windowEndMs();
  }

  /** The config version in force at the end of the window. */
  public Optional<ConfigEntry> activeConfig() {
    return config.activeAt(windowEnd() - 1);
  }
}
