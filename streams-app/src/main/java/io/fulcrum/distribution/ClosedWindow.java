package io.fulcrum.distribution;

import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.detect.PoolObservation;
import java.util.Optional;

/**
 * One pool's closed window, as handed from the assembler to the detectors (in-process, never
 * serialised); or, for the fast path, one closed slice of it.
 *
 * @param closedAt event time at which the window closed: its end plus grace (a slice: its end)
 * @param config the pool's config history as known at close
 * @param slice whether this is a slice (requests and 5xx only) rather than a whole window
 */
public record ClosedWindow(
    PoolObservation observation, long closedAt, ConfigTimeline config, boolean slice) {
  public ClosedWindow(PoolObservation observation, long closedAt, ConfigTimeline config) {
    this(observation, closedAt, config, false);
  }

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
