package io.fulcrum.actuator.haproxy;

/**
 * A {@code server} line of a backend section: name, address (host may be a name), weight and the
 * disabled flag.
 */
record DeclaredServer(String name, String host, Integer port, int weight, boolean disabled) {
  double effectiveWeight() {
    return disabled ? 0.0 : weight;
  }
}
