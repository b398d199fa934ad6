package io.fulcrum.guard.rehearse;

import io.fulcrum.guard.HaproxyParserSections;
import io.fulcrum.guard.HaproxyTokens;
import io.fulcrum.guard.LbConfig;
import io.fulcrum.guard.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Makes an HAProxy config runnable on loopback: every server points at its stand-in, every frontend
 * binds one free loopback port, and what cannot run here (user, chroot, daemon, sockets, log
 * targets, Lua, TLS, health checks, resolvers, peers, programs) is dropped. Routing, ACLs, maps,
 * balance, weights, flags and persistence stay.
 */
final class HaproxyRewriter {
  private static final Set<String> GLOBAL_KEPT =
      Set.of(
          "maxconn",
          "nbthread",
          "hard-stop-after",
          "setenv",
          "presetenv",
          "resetenv",
          "unsetenv",
          "description",
          "node",
          "spread-checks",
          "ssl-server-verify");
  private static final Set<String> DROPPED_SECTIONS =
      Set.of(
          "resolvers", "peers", "mailers", "program", "ring", "log-forward", "crt-store", "traces");

  /**
   * Server keywords kept (with how many values follow); the rest (check, ssl, resolvers...) are
   * dropped.
   */
  private static final java.util.Map<String, Integer> SERVER_KEPT =
      java.util.Map.ofEntries(
          java.util.Map.entry("weight", 1),
          java.util.Map.entry("disabled", 0),
          java.util.Map.entry("enabled", 0),
          java.util.Map.entry("backup", 0),
          java.util.Map.entry("no-backup", 0),
          java.util.Map.entry("cookie", 1),
          java.util.Map.entry("id", 1),
          java.util.Map.entry("maxconn", 1),
          java.util.Map.entry("minconn", 1),
          java.util.Map.entry("maxqueue", 1),
          java.util.Map.entry("non-stick", 0));

  /** Server keywords that take a value, so the value is dropped with them. */
  private static final Set<String> SERVER_VALUED =
      Set.of(
          "inter",
          "fastinter",
          "downinter",
          "rise",
          "fall",
          "port",
          "addr",
          "resolvers",
          "resolve-prefer",
          "resolve-net",
          "resolve-opts",
          "init-addr",
          "ca-file",
          "crt",
          "sni",
          "verify",
          "verifyhost",
          "alpn",
          "check-alpn",
          "check-sni",
          "proto",
          "track",
          "slowstart",
          "agent-port",
          "agent-inter",
          "agent-addr",
          "agent-send",
          "error-limit",
          "observe",
          "on-error",
          "on-marked-down",
          "on-marked-up",
          "source",
          "usesrc",
          "namespace",
          "pool-max-conn",
          "pool-low-conn",
          "pool-purge-delay",
          "max-reuse",
          "tcp-ut",
          "redir",
          "ciphers",
          "ciphersuites",
          "crl-file",
          "ssl-min-ver",
          "ssl-max-ver",
          "check-proto",
          "npn",
          "proxy-v2-options",
          "set-proxy-v2-tlv-fmt",
          "socks4",
          "curves",
          "sigalgs",
          "client-sigalgs",
          "log-proto",
          "shard",
          "allow-0rtt",
          "ws",
          "check-via-socks4",
          "init-state",
          "hash-key",
          "guid",
          "idle-ping",
          "strict-maxconn",
          "ssl-reuse",
          "tls-tickets",
          "check-reuse-pool",
          "pool-conn-name");

  private final StandIns standIns;
  private final IntSupplier freePort;
  private final Set<String> rewrites = new LinkedHashSet<>();
  private final Set<String> droppedServerOptions = new LinkedHashSet<>();
  private final Set<String> droppedGlobals = new LinkedHashSet<>();
  private final List<Rewritten.Entry> entries = new ArrayList<>();

  HaproxyRewriter(StandIns standIns, IntSupplier freePort) {
    this.standIns = standIns;
    this.freePort = freePort;
  }

  Rewritten rewrite(String text, LbConfig parsed) throws IOException {
    StringBuilder out = new StringBuilder();
    String section = null;
    String proxy = null;
    boolean bound = false;
    boolean hasFrontend = false;
    boolean hasDefaults = false;
    for (String line : text.split("\r?\n", -1)) {
      List<String> t = HaproxyTokens.split(line, 0);
      if (t.isEmpty()) {
        out.append(line).append('\n');
        continue;
      }
      String kw = t.get(0);
      if (HaproxyParserSections.is(kw)) {
        section = kw;
        proxy = t.size() > 1 ? t.get(1) : null;
        bound = false;
        hasDefaults |= kw.equals("defaults");
        if (DROPPED_SECTIONS.contains(kw)) {
          rewrites.add(kw + " sections dropped");
          continue;
        }
        if (kw.equals("frontend") || kw.equals("listen")) {
          hasFrontend = true;
        }
        out.append(line).append('\n');
        continue;
      }
      if (section == null || DROPPED_SECTIONS.contains(section)) {
        continue;
      }
      String replaced =
          switch (section) {
            case "global" -> global(kw, line);
            case "frontend", "listen", "backend", "defaults" -> {
              if (kw.equals("bind")) {
                if (bound) {
                  rewrites.add("extra bind lines dropped (one loopback port per frontend)");
                  yield null;
                }
                bound = true;
                yield bind(proxy, t);
              }
              yield proxyLine(section, proxy, kw, t, line);
            }
            default -> line;
          };
      if (replaced != null) {
        out.append(replaced).append('\n');
      }
    }
    if (!hasFrontend) {
      // A config store's version file holds one backend: give each pool a frontend of its own.
      StringBuilder head = new StringBuilder();
      if (!hasDefaults) {
        head.append(
            "defaults\n  mode http\n  timeout connect 2s\n  timeout client 10s\n  timeout server 10s\n\n");
      }
      out.insert(0, head);
      for (Pool p : parsed.pools().values()) {
        int port = freePort.getAsInt();
        out.append("\nfrontend fulcrum_rehearsal_")
            .append(p.name())
            .append("\n  bind 127.0.0.1:")
            .append(port)
            .append(p.mode() != null ? "\n  mode " + p.mode() : "")
            .append("\n  default_backend ")
            .append(p.name())
            .append('\n');
        entries.add(new Rewritten.Entry("frontend for " + p.name(), port, "localhost"));
      }
      rewrites.add("no frontend: one added per pool");
    }
    if (!droppedGlobals.isEmpty()) {
      rewrites.add("global " + String.join(", ", droppedGlobals) + " dropped");
    }
    if (!droppedServerOptions.isEmpty()) {
      rewrites.add("server options dropped: " + String.join(", ", droppedServerOptions));
    }
    return new Rewritten(out.toString(), entries, new ArrayList<>(rewrites));
  }

  private String global(String kw, String line) {
    if (GLOBAL_KEPT.contains(kw) || kw.startsWith("tune.") || kw.startsWith("ssl-default-")) {
      return line;
    }
    droppedGlobals.add(kw);
    return null;
  }

  private String bind(String proxy, List<String> t) {
    int port = freePort.getAsInt();
    entries.add(new Rewritten.Entry(proxy, port, "localhost"));
    if (t.contains("ssl")) {
      rewrites.add("TLS on binds dropped (plain HTTP)");
    }
    rewrites.add("bind " + t.get(1) + " -> 127.0.0.1:" + port);
    return "  bind 127.0.0.1:" + port;
  }

  private String proxyLine(String section, String proxy, String kw, List<String> t, String line)
      throws IOException {
    String joined = String.join(" ", t);
    switch (kw) {
      case "log" -> {
        rewrites.add("log targets dropped");
        return null;
      }
      case "server" -> {
        if (section.equals("defaults") || section.equals("frontend") || t.size() < 3) {
          return line;
        }
        return server(proxy, t.get(1), t, 3);
      }
      case "server-template" -> {
        return template(proxy, t);
      }
      case "default-server" -> {
        return "  default-server" + options(t, 1);
      }
      case "email-alert", "external-check", "source" -> {
        rewrites.add(kw + " dropped");
        return null;
      }
      case "errorfile" -> {
        if (t.size() > 2 && !Files.exists(Path.of(t.get(2)))) {
          rewrites.add("errorfile " + t.get(2) + " dropped (missing here)");
          return null;
        }
        return line;
      }
      case "stick-table" -> {
        int i = t.indexOf("peers");
        if (i > 0 && i + 1 < t.size()) {
          List<String> copy = new ArrayList<>(t);
          copy.remove(i + 1);
          copy.remove(i);
          rewrites.add("stick-table peers dropped");
          return "  " + join(copy);
        }
        return line;
      }
      default -> {
        if (joined.contains("lua.")
            || kw.equals("filter") && joined.contains("spoe")
            || kw.equals("option") && t.size() > 1 && t.get(1).equals("external-check")) {
          rewrites.add(
              "'"
                  + kw
                  + " "
                  + (t.size() > 1 ? t.get(1) : "")
                  + "...' dropped (Lua/SPOE/external checks "
                  + "do not run here)");
          return null;
        }
        return line;
      }
    }
  }

  private String template(String proxy, List<String> t) throws IOException {
    if (t.size() < 4) {
      return join(t);
    }
    String range = t.get(2);
    int from = range.contains("-") ? Integer.parseInt(range.substring(0, range.indexOf('-'))) : 1;
    int to =
        range.contains("-")
            ? Integer.parseInt(range.substring(range.indexOf('-') + 1))
            : Integer.parseInt(range);
    StringBuilder b = new StringBuilder();
    for (int i = from; i <= to; i++) {
      b.append(server(proxy, t.get(1) + i, t, 4)).append('\n');
    }
    rewrites.add("server-template " + t.get(1) + " expanded to " + (to - from + 1) + " servers");
    return b.toString().stripTrailing();
  }

  private String server(String proxy, String name, List<String> t, int from) throws IOException {
    int port = standIns.port(proxy, name);
    rewrites.add("servers -> loopback stand-ins");
    return "  server " + name + " 127.0.0.1:" + port + options(t, from);
  }

  private String options(List<String> t, int from) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < t.size(); i++) {
      String k = t.get(i);
      Integer values = SERVER_KEPT.get(k);
      if (values != null) {
        b.append(' ').append(k);
        for (int v = 0; v < values && i + 1 < t.size(); v++) {
          b.append(' ').append(quote(t.get(++i)));
        }
      } else {
        droppedServerOptions.add(k);
        if (SERVER_VALUED.contains(k) && i + 1 < t.size()) {
          i++;
        }
      }
    }
    return b.toString();
  }

  private static String join(List<String> t) {
    return String.join(" ", t.stream().map(HaproxyRewriter::quote).toList());
  }

  private static String quote(String s) {
    return s.isEmpty() || s.matches(".*[\\s#'\"\\\\].*")
        ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
        : s;
  }
}
