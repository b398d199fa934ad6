package io.fulcrum.actuator.watch;

import java.util.Map;

/** A change the watcher is to publish: what {@code LbConfigChange} will say. */
public record Announcement(
    String pool,
    String version,
    Map<String, Integer> servers,
    String author,
    String description,
    String configHash) {
  public Announcement {
    servers = Map.copyOf(servers);
  }
}
