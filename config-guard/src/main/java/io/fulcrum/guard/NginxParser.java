package io.fulcrum.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads nginx {@code upstream} blocks (at any level: a config store's version file holds just the
 * block) with their {@code server ... weight= down backup} lines and balancing ({@code hash},
 * {@code ip_hash}, {@code least_conn}, {@code random}), and {@code proxy_pass}/{@code
 * grpc_pass}/... routing from {@code server} blocks and their locations. {@code include}, {@code
 * map}, {@code if}, variables and Lua are noted as not understood.
 */
public final class NginxParser {
  private static final Set<String> PASSES =
      Set.of(
          "proxy_pass", "grpc_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "memcached_pass");
  private static final Set<String> UPSTREAM_NEUTRAL =
      Set.of(
          "keepalive",
          "keepalive_timeout",
          "keepalive_requests",
          "keepalive_time",
          "zone",
          "ntlm",
          "queue",
          "resolver",
          "resolver_timeout",
          "state");
  private static final Set<String> BALANCE =
      Set.of("hash", "ip_hash", "least_conn", "random", "least_time");

  private final List<Note> notes = new ArrayList<>();
  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final List<Route> routes = new ArrayList<>();

  private NginxParser() {}

  public static LbConfig parse(String text) {
    NginxParser p = new NginxParser();
    p.walk(NginxDirective.parse(text), null, null);
    return new LbConfig(LbFormat.NGINX, p.pools, p.routes, p.notes);
  }

  /**
   * @param server the enclosing server block's name ({@code example.com:80}), null outside one
   */
  private void walk(List<NginxDirective> block, String server, String location) {
    for (NginxDirective d : block) {
      String name = d.name();
      if (name.equals("include")) {
        notes.add(
            new Note(
                d.line(),
                "include " + String.join(" ", d.args()) + ": included files are not read"));
      } else if (name.equals("map") || name.equals("split_clients")) {
        notes.add(new Note(d.line(), name + " " + String.join(" ", d.args()) + ": not evaluated"));
      } else if (name.contains("_by_lua") || name.startsWith("js_") || name.equals("perl")) {
        notes.add(new Note(d.line(), name + ": scripted request handling is not evaluated"));
      } else if (name.equals("upstream")) {
        upstream(d);
      } else if (name.equals("server") && d.block() != null) {
        walk(d.block(), serverName(d), null);
      } else if (name.equals("location") && d.block() != null) {
        walk(d.block(), server, "location " + String.join(" ", d.args()));
      } else if (name.equals("if") && d.block() != null) {
        notes.add(
            new Note(
                d.line(),
                "if " + String.join(" ", d.args()) + ": which requests match is not evaluated"));
        walk(
            d.block(),
            server,
            (location == null ? "" : location + " ") + "if " + String.join(" ", d.args()));
      } else if (PASSES.contains(name) || name.equals("proxy_pass")) {
        pass(d, server, location);
      } else if (d.block() != null) {
        walk(d.block(), server, location);
      }
    }
  }

  private String serverName(NginxDirective server) {
    String names = null;
    String listen = null;
    for (NginxDirective d : server.block()) {
      if (d.name().equals("server_name") && names == null && !d.args().isEmpty()) {
        names = d.arg(0);
      } else if (d.name().equals("listen") && listen == null && !d.args().isEmpty()) {
        listen = d.arg(0);
      }
    }
    return (names == null ? "_" : names) + " " + (listen == null ? "80" : listen);
  }

  private void pass(NginxDirective d, String server, String location) {
    String target = d.arg(0);
    if (target == null) {
      throw new ConfigSyntaxException(d.line(), d.name() + " needs an address");
    }
    String host = target.replaceFirst("^[a-z]+://", "");
    int slash = host.indexOf('/');
    host = slash >= 0 ? host.substring(0, slash) : host;
    String from = (server == null ? "stream" : server) + (location == null ? "" : " " + location);
    boolean dynamic = host.contains("$");
    routes.add(new Route(from, Route.DEFAULT, host, dynamic, d.line()));
    if (dynamic) {
      notes.add(
          new Note(
              d.line(),
              d.name() + " " + target + ": the upstream is computed per request; not evaluated"));
    }
  }

  private void upstream(NginxDirective u) {
    String name = u.arg(0);
    if (name == null || u.block() == null) {
      throw new ConfigSyntaxException(u.line(), "upstream needs a name and a block");
    }
    if (pools.containsKey(name)) {
      throw new ConfigSyntaxException(u.line(), "duplicate upstream \"" + name + "\"");
    }
    String balance = "round-robin";
    boolean sticky = false;
    List<Server> servers = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (NginxDirective d : u.block()) {
      String kw = d.name();
      if (kw.equals("server")) {
        servers.add(server(d, seen));
      } else if (BALANCE.contains(kw)) {
        balance =
            String.join(
                " ",
                java.util.stream.Stream.concat(java.util.stream.Stream.of(kw), d.args().stream())
                    .toList());
        if (kw.equals("hash") && d.args().isEmpty()) {
          throw new ConfigSyntaxException(d.line(), "hash needs a key");
        }
      } else if (kw.equals("sticky")) {
        sticky = true;
        notes.add(
            new Note(
                d.line(),
                "sticky (NGINX Plus) in upstream "
                    + name
                    + ": session persistence, shares "
                    + "are per new client"));
      } else if (!UPSTREAM_NEUTRAL.contains(kw)) {
        notes.add(
            new Note(d.line(), "'" + kw + "' in upstream " + name + " not understood (ignored)"));
      }
    }
    if (servers.isEmpty()) {
      throw new ConfigSyntaxException(u.line(), "no servers are inside upstream \"" + name + "\"");
    }
    boolean hashing =
        balance.startsWith("hash") || balance.startsWith("ip_hash") || balance.startsWith("random");
    if (hashing && servers.stream().anyMatch(Server::backup)) {
      throw new ConfigSyntaxException(
          u.line(),
          "upstream "
              + name
              + ": "
              + balance.split(" ")[0]
              + " does not support backup servers (nginx -t refuses it)");
    }
    // nginx spreads over all backups, in proportion to their weights: HAProxy's "option
    // allbackups".
    pools.put(
        name, new Pool(name, "upstream", balance, false, true, sticky, null, servers, u.line()));
  }

  private Server server(NginxDirective d, Map<String, Integer> seen) {
    String address = d.arg(0);
    if (address == null) {
      throw new ConfigSyntaxException(d.line(), "server needs an address");
    }
    if (address.contains("$")) {
      notes.add(new Note(d.line(), "server " + address + ": variables are not expanded"));
    }
    int weight = 1;
    boolean down = false;
    boolean backup = false;
    for (String a : d.args().subList(1, d.args().size())) {
      if (a.startsWith("weight=")) {
        try {
          weight = Integer.parseInt(a.substring(7));
        } catch (NumberFormatException e) {
          throw new ConfigSyntaxException(d.line(), "invalid parameter \"" + a + "\"");
        }
        if (weight < 1) {
          throw new ConfigSyntaxException(
              d.line(), "invalid parameter \"" + a + "\" (weight must be 1 or more)");
        }
      } else if (a.equals("down")) {
        down = true;
      } else if (a.equals("backup")) {
        backup = true;
      } else if (!a.matches(
          "(max_fails|fail_timeout|max_conns|slow_start|route|service)=.*|resolve|drain")) {
        throw new ConfigSyntaxException(d.line(), "invalid parameter \"" + a + "\"");
      }
    }
    int n = seen.merge(address, 1, Integer::sum);
    String name = n == 1 ? address : address + "#" + n;
    return new Server(name, address, weight, down, backup, null, d.line());
  }
}
