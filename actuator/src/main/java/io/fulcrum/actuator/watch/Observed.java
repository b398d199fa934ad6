package io.fulcrum.actuator.watch;

import io.fulcrum.actuator.backend.RuntimeServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the watcher read of one pool in one round.
 *
 * @param file the pool's active file as {@code active/<pool>.cfg} shows it
 * @param storedVersion the version the pointer names when it is a symlink to a stored version file,
 *     else null
 * @param generation changes with each successful reload of the LB ({@link
 *     io.fulcrum.actuator.backend.StoreBackend#loadedGeneration}); null when unknown
 * @param runtime the pool's servers as the LB runs them, or null when not audited
 */
public record Observed(
    FileState file, String storedVersion, String generation, Map<String, RuntimeServer> runtime) {
  public Observed {
    runtime = runtime == null ? null : new LinkedHashMap<>(runtime);
  }

  /**
   * One content of the active file.
   *
   * @param hash SHA-256 of the content
   * @param declared the declared weights of the pool's serving servers ({@code
   *     LbConfig.declaredWeights})
   * @param weights every non-backup server with the weight the file gives it, 0 when disabled
   */
  public record FileState(
      String hash, Map<String, Integer> declared, Map<String, Integer> weights) {
    public FileState {
      declared = Map.copyOf(declared);
      weights = new LinkedHashMap<>(weights);
    }
  }
}
