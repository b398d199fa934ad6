package io.fulcrum.query;

/**
 * What the router asks for, already validated. {@code forwarded} is true when another instance sent
 * the request here as the owner; {@code localOnly} when another instance gathers every instance's
 * part of a list.
 */
public interface Queries {
  ApiResponse pools(boolean localOnly);

  ApiResponse pool(String pool, boolean forwarded);

  ApiResponse windows(String pool, int limit, boolean forwarded);

  ApiResponse incidents(boolean localOnly);

  ApiResponse incident(String pool, String incidentId, boolean forwarded);

  ApiResponse anomalies(boolean localOnly);

  /** The pool's config deploys and rollbacks: every instance holds them all. */
  ApiResponse changes(String pool);
}
