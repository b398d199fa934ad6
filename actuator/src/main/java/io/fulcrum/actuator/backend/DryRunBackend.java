package io.fulcrum.actuator.backend;

/**
 * Changes nothing: every command routed here is answered DRY_RUN with what would have been done.
 */
public final class DryRunBackend implements Backend {
  public static final String NAME = "dry-run";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String activeVersion(String pool) {
    return null;
  }

  @Override
  public boolean hasVersion(String pool, String version) {
    return true;
  }

  @Override
  public ApplyReport apply(ApplyRequest request) throws BackendException {
    throw new BackendException("the dry-run backend never applies");
  }

  @Override
  public boolean simulatesOnly() {
    return true;
  }
}
