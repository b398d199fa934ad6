package io.fulcrum.sim;

/**
 * One item of simulator output. A run emits events in {@link #emitMs()} order: that is the order in
 * which a log shipper would see them, not the order of their event time.
 */
public sealed interface SimEvent permits SimRequest, SimConfigChange {

  /**
   * When the event becomes visible: a request when its log line is written, a change when deployed.
   */
  long emitMs();

  /** The LB pool (HAProxy backend, nginx upstream) the event belongs to. */
  String pool();
}
