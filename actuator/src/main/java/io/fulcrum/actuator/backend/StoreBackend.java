package io.fulcrum.actuator.backend;

/** A backend whose versions live in a {@link FileConfigStore}: the active version is the store's pointer. */
public abstract class StoreBackend implements Backend {
  protected final FileConfigStore store;

  protected StoreBackend(FileConfigStore store) {
    this.store = store;
  }

  /** The config store, for deploy tooling, tests and the demo. */
  public FileConfigStore store() {
    return store;
  }

  @Override
  public String activeVersion(String pool) throws BackendException {
    return store.active(pool);
  }

  @Override
  public boolean hasVersion(String pool, String version) {
    return store.hasVersion(pool, version);
  }
}
