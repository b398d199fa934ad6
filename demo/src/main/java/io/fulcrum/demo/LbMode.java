package io.fulcrum.demo;

import java.util.Locale;

/** Which load balancer the demo drives. */
public enum LbMode {
  /** Real HAProxy when {@code haproxy} is on PATH, else the simulated one. */
  AUTO,
  /** A real HAProxy child process in front of loopback backends; fails when it is not installed. */
  HAPROXY,
  /** The built-in simulated load balancer. */
  SIMULATED;

  public static LbMode parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "--lb: '" + s + "' is not one of auto, haproxy, simulated");
    }
  }
}
