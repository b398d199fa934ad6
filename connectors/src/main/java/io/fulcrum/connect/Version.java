package io.fulcrum.connect;

/** The plugin version Connect reports: the jar's Implementation-Version, or "dev" from an IDE. */
public final class Version {
  private Version() {}

  public static String get() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
