package io.fulcrum.actuator.backend;

import io.fulcrum.guard.LbFormat;
import java.util.Map;

/**
 * A backend whose versions live in a {@link FileConfigStore}: the active version is the store's
 * pointer.
 */
public abstract class StoreBackend implements Backend {
  protected final FileConfigStore store;

  protected StoreBackend(FileConfigStore store) {
    this.store = store;
  }

  /** The config store, for deploy tooling, tests and the demo. */
  public FileConfigStore store() {
    return store;
  }

  /** The config language of the store's files. */
  public abstract LbFormat format();

  @Override
  public String activeVersion(String pool) throws BackendException {
    return store.active(pool);
  }

  @Override
  public boolean hasVersion(String pool, String version) {
    return store.hasVersion(pool, version);
  }

  /**
   * Something that changes each time the LB has loaded its config again (a successful reload), or
   * null when it cannot tell. The watcher takes a changed file for live only once this has changed.
   */
  public String loadedGeneration() throws BackendException {
    return null;
  }

  /**
   * The servers of {@code pool} as the LB runs them now, by name (weights and admin state set at
   * runtime), or null when the LB has no runtime API to ask. Empty when the LB does not know the
   * pool.
   */
  public Map<String, RuntimeServer> runtimeServers(String pool) throws BackendException {
    return null;
  }
}
