package io.fulcrum.actuator.backend;

import java.util.Map;

/**
 * What an apply did.
 *
 * @param versionBefore the version active before (null when unknown)
 * @param versionAfter the version active after
 * @param servers declared weight per server of the new version (0 = drained), or null when not
 *     known
 * @param detail a short human-readable note, e.g. "reloaded haproxy master 1234, 4/4 servers UP"
 */
public record ApplyReport(
    String versionBefore, String versionAfter, Map<String, Double> servers, String detail) {
  public ApplyReport {
    servers = servers == null ? null : Map.copyOf(servers);
  }
}
