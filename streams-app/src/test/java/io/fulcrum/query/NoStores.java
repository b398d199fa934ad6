package io.fulcrum.query;

/**
 * Queries for tests of what must never read a store (static assets, approvals): any read fails the
 * test.
 */
final class NoStores implements Queries {
  private static ApiResponse fail() {
    throw new AssertionError("no store is read");
  }

  @Override
  public ApiResponse pools(boolean localOnly) {
    return fail();
  }

  @Override
  public ApiResponse pool(String pool, boolean forwarded) {
    return fail();
  }

  @Override
  public ApiResponse windows(String pool, int limit, boolean forwarded) {
    return fail();
  }

  @Override
  public ApiResponse incidents(boolean localOnly) {
    return fail();
  }

  @Override
  public ApiResponse incident(String pool, String incidentId, boolean forwarded) {
    return fail();
  }

  @Override
  public ApiResponse anomalies(boolean localOnly) {
    return fail();
  }

  @Override
  public ApiResponse changes(String pool) {
    return fail();
  }
}
