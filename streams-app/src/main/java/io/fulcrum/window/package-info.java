/**
 * Per-server window statistics: the mergeable {@link io.fulcrum.window.LatencySketch} and its compact varint
 * encoding. Plain Java, no Kafka types.
 */
package io.fulcrum.window;
