package io.fulcrum.actuator.haproxy;

import io.fulcrum.actuator.backend.RuntimeServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime API's {@code show servers state <backend>}, compared with the servers a config file
 * declares. Columns are found by the header line's names, so later HAProxy versions that add
 * columns still parse.
 */
final class ServersState {
  static final int OP_RUNNING = 2;
  static final int ADMIN_MAINT_MASK =
      0x01 | 0x02 | 0x04 | 0x20; // forced, inherited, resolution, config maint
  static final int ADMIN_DRAIN_MASK = 0x08 | 0x10; // forced, inherited drain

  /**
   * @param initialWeight the weight the config gave ({@code srv_iweight})
   * @param userWeight the weight now, after any {@code set server ... weight} ({@code srv_uweight})
   */
  record Running(
      String name,
      String addr,
      Integer port,
      int opState,
      int adminState,
      int initialWeight,
      int userWeight) {
    /**
     * "MAINT", "DRAIN" or null: the admin state a person set, as HAProxy's {@code set server ...
     * state} names it.
     */
    String adminName() {
      return (adminState & ADMIN_MAINT_MASK) != 0
          ? "MAINT"
          : (adminState & ADMIN_DRAIN_MASK) != 0 ? "DRAIN" : null;
    }
  }

  private ServersState() {}

  /** The servers by name; empty when HAProxy does not know the backend. */
  static Map<String, Running> parse(String text) {
    Map<String, Running> out = new LinkedHashMap<>();
    List<String> header = null;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("# be_id")) {
        header = List.of(line.substring(1).strip().split("\\s+"));
        continue;
      }
      if (header == null || line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length < header.size()) {
        continue;
      }
      String port = f[header.indexOf("srv_port")];
      out.put(
          f[header.indexOf("srv_name")],
          new Running(
              f[header.indexOf("srv_name")],
              f[header.indexOf("srv_addr")],
              port.matches("\\d+") ? Integer.valueOf(port) : null,
              Integer.parseInt(f[header.indexOf("srv_op_state")]),
              Integer.parseInt(f[header.indexOf("srv_admin_state")]),
              Integer.parseInt(f[header.indexOf("srv_iweight")]),
              Integer.parseInt(f[header.indexOf("srv_uweight")])));
    }
    return out;
  }

  /**
   * Null when the running servers are the declared ones (addresses, weights) and every enabled one
   * is UP.
   */
  static String mismatch(
      String backend, List<DeclaredServer> declared, Map<String, Running> running) {
    if (running.isEmpty()) {
      return "haproxy has no servers in backend " + backend;
    }
    List<String> problems = new ArrayList<>();
    for (DeclaredServer d : declared) {
      Running r = running.get(d.name());
      if (r == null) {
        problems.add(d.name() + " is missing");
        continue;
      }
      if (isIpLiteral(d.host()) && !d.host().equals(r.addr())
          || d.port() != null && !d.port().equals(r.port())) {
        problems.add(
            d.name()
                + " runs at "
                + r.addr()
                + ":"
                + r.port()
                + ", the config says "
                + d.host()
                + ":"
                + d.port());
      }
      if (d.weight() != r.initialWeight()) {
        problems.add(
            d.name() + " has weight " + r.initialWeight() + ", the config says " + d.weight());
      }
      if (!d.disabled()
          && (r.opState() != OP_RUNNING || (r.adminState() & ADMIN_MAINT_MASK) != 0)) {
        problems.add(
            d.name()
                + " is not UP (op state "
                + r.opState()
                + ", admin state "
                + r.adminState()
                + ")");
      }
    }
    running.keySet().stream()
        .filter(n -> declared.stream().noneMatch(d -> d.name().equals(n)))
        .forEach(n -> problems.add(n + " runs but is not in the config"));
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  /** Each server's weight in use and the admin state a person set, for the watcher's audit. */
  static Map<String, RuntimeServer> runtimeServers(Map<String, Running> running) {
    Map<String, RuntimeServer> m = new LinkedHashMap<>();
    running.forEach((name, r) -> m.put(name, new RuntimeServer(r.userWeight(), r.adminName())));
    return m;
  }

  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }
}
