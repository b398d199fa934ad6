package io.fulcrum.actuator.haproxy;

import io.fulcrum.actuator.backend.BackendException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the servers of one backend (or listen) section of an HAProxy config: enough to check the
 * running process against the file and to declare weights. Not a full parser: it follows {@code
 * server} and {@code default-server} lines with their {@code weight} and {@code disabled} keywords.
 */
final class HaproxyConfigFile {
  private static final Set<String> SECTIONS =
      Set.of(
          "global",
          "defaults",
          "frontend",
          "backend",
          "listen",
          "resolvers",
          "peers",
          "userlist",
          "mailers",
          "program",
          "http-errors",
          "ring",
          "cache");

  private HaproxyConfigFile() {}

  static List<DeclaredServer> servers(Path file, String backend) throws BackendException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new BackendException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<DeclaredServer> servers = parse(lines, backend);
    if (servers == null) {
      throw new BackendException(file.getFileName() + " has no 'backend " + backend + "' section");
    }
    return servers;
  }

  /** Null when the section is missing. */
  static List<DeclaredServer> parse(List<String> lines, String backend) {
    List<DeclaredServer> out = null;
    boolean inside = false;
    int defaultWeight = 1;
    boolean defaultDisabled = false;
    for (String raw : lines) {
      String[] t = tokens(raw);
      if (t.length == 0) {
        continue;
      }
      if (SECTIONS.contains(t[0])) {
        inside =
            (t[0].equals("backend") || t[0].equals("listen"))
                && t.length > 1
                && t[1].equals(backend);
        if (inside && out == null) {
          out = new ArrayList<>();
        }
        continue;
      }
      if (!inside) {
        continue;
      }
      if (t[0].equals("default-server")) {
        defaultWeight = weight(t, 1, defaultWeight);
        defaultDisabled = has(t, 1, "disabled") || defaultDisabled && !has(t, 1, "enabled");
      } else if (t[0].equals("server") && t.length >= 3) {
        boolean disabled = has(t, 3, "disabled") || defaultDisabled && !has(t, 3, "enabled");
        out.add(server(t[1], t[2], weight(t, 3, defaultWeight), disabled));
      }
    }
    return out;
  }

  private static DeclaredServer server(String name, String address, int weight, boolean disabled) {
    String a = address.contains("@") ? address.substring(address.indexOf('@') + 1) : address;
    int colon = a.lastIndexOf(':');
    Integer port = null;
    String host = a;
    if (colon > 0 && a.substring(colon + 1).matches("\\d{1,5}")) {
      port = Integer.parseInt(a.substring(colon + 1));
      host = a.substring(0, colon);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new DeclaredServer(name, host, port, weight, disabled);
  }

  private static int weight(String[] t, int from, int dflt) {
    for (int i = from; i < t.length - 1; i++) {
      if (t[i].equals("weight") && t[i + 1].matches("\\d{1,3}")) {
        return Integer.parseInt(t[i + 1]);
      }
    }
    return dflt;
  }

  private static boolean has(String[] t, int from, String word) {
    for (int i = from; i < t.length; i++) {
      if (t[i].equals(word)) {
        return true;
      }
    }
    return false;
  }

  private static String[] tokens(String line) {
    int hash = line.indexOf('#');
    String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
    return s.isEmpty() ? new String[0] : s.split("\\s+");
  }
}
