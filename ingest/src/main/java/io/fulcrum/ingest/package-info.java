/**
 * Access-log line parsers: one raw load-balancer log line in, one {@link
 * io.fulcrum.ingest.ParsedRequest} out.
 *
 * <p>Plain Java (Jackson only for JSON Lines), no Kafka types, so the parsers unit-test without a
 * broker; the Streams app's adapters (processors, the requests-topic decoder) are in {@code
 * io.fulcrum.ingest.stream}. {@link io.fulcrum.ingest.RequestEvents} converts to and from the
 * published Avro {@code RequestEvent}. A line that cannot be parsed raises {@link
 * io.fulcrum.ingest.LineParseException} whose message is a short reason suitable for a dead-letter
 * header. Parser instances keep small per-instance caches and are <b>not thread-safe</b>: create
 * one per stream task via {@link io.fulcrum.ingest.LineParsers#forFormat}.
 */
package io.fulcrum.ingest;
