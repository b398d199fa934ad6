package io.fulcrum.guard.rehearse;

import java.util.List;

/**
 * A config made runnable on loopback: its text, where to send requests, and what had to change.
 *
 * @param entries the frontends' new ports, each with the Host header to send when the sample has
 *     none
 * @param rewrites human-readable list of what was rewritten or dropped
 */
record Rewritten(String config, List<Entry> entries, List<String> rewrites) {
  record Entry(String name, int port, String host) {}

  Rewritten {
    entries = List.copyOf(entries);
    rewrites = List.copyOf(rewrites);
  }
}
