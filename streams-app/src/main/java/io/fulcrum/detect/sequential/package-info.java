/**
 * Anytime-valid sequential tests for the fast path: {@link
 * io.fulcrum.detect.sequential.BernoulliEProcess} (a mixture likelihood-ratio e-process) and {@link
 * io.fulcrum.detect.sequential.ChangeWatch}, which watches a pool slice by slice while a config
 * change is fresh. No Kafka types; the topology runs them in FastWatchProcessor.
 */
package io.fulcrum.detect.sequential;
