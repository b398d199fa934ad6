/**
 * Per-server window statistics: pre-aggregation of requests into per-(pool, server, window) totals,
 * and the mergeable {@link io.fulcrum.window.LatencySketch} with its compact sparse varint encoding
 * ({@link io.fulcrum.window.Varint}).
 */
package io.fulcrum.window;
