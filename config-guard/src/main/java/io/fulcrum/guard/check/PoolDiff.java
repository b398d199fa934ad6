package io.fulcrum.guard.check;

import io.fulcrum.guard.Pool;
import java.util.List;
import java.util.Map;

/**
 * One pool, before and after: what changed, and the predicted shares on both sides. {@code before}
 * or {@code after} is null for a pool that is new or gone. Share maps are keyed by each side's own
 * server names; {@code renames} maps a current name to its candidate name (same address, new name).
 */
public record PoolDiff(
    String pool,
    Pool before,
    Pool after,
    List<Change> changes,
    Map<String, String> renames,
    Shares sharesBefore,
    Shares sharesAfter,
    int capacityBefore,
    int capacityAfter) {
  public PoolDiff {
    changes = List.copyOf(changes);
    renames = Map.copyOf(renames);
  }

  public boolean changed() {
    return !changes.isEmpty();
  }

  /** The candidate name of a current server (itself unless renamed). */
  public String renamed(String currentName) {
    return renames.getOrDefault(currentName, currentName);
  }
}
