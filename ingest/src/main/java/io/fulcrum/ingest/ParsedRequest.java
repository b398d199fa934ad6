package io.fulcrum.ingest;

import java.util.Objects;

/**
 * One parsed request.
 *
 * @param timestampMs event time, epoch milliseconds
 * @param pool backend / upstream pool name, never null
 * @param server server that handled the request; {@code null} means the load balancer chose no
 *     server (HAProxy {@code <NOSRV>}, nginx "no live upstreams"), which counts against the pool
 * @param status HTTP status; HAProxy writes -1 for connections aborted before a response
 * @param latencyMs total request time in milliseconds, never negative
 * @param bytes response bytes
 * @param frontend frontend / virtual host, nullable
 */
public record ParsedRequest(
    long timestampMs,
    String pool,
    String server,
    int status,
    int latencyMs,
    long bytes,
    String frontend) {
  public ParsedRequest {
    Objects.requireNonNull(pool, "pool");
  }
}
