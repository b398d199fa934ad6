package io.fulcrum.guard.rehearse;

import io.fulcrum.guard.LbConfig;
import io.fulcrum.guard.NginxDirective;
import io.fulcrum.guard.Pool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Makes an nginx config runnable on loopback: upstream servers point at stand-ins, each server
 * block listens on a free loopback port (blocks that shared a listen address share the new port, so
 * server_name still picks one), pid, logs and temp paths go to the rehearsal's directory, and what
 * cannot run here (user, includes, TLS, resolvers, Lua, mirrors, non-HTTP passes) is dropped. A
 * file of bare upstream blocks gets an http block and one server block per upstream.
 */
final class NginxRewriter {
  private static final Set<String> MAIN_KEPT = Set.of("http", "stream", "events");
  private static final Set<String> DROPPED =
      Set.of(
          "include",
          "error_log",
          "resolver",
          "resolver_timeout",
          "mirror",
          "ssl_certificate",
          "ssl_certificate_key",
          "ssl_trusted_certificate",
          "ssl_client_certificate",
          "ssl_dhparam",
          "ssl_stapling",
          "ssl_stapling_verify",
          "ssl",
          "proxy_cache_path",
          "proxy_cache",
          "fastcgi_cache_path",
          "fastcgi_cache",
          "uwsgi_cache_path",
          "scgi_cache_path",
          "proxy_ssl_certificate",
          "proxy_ssl_certificate_key",
          "proxy_ssl_trusted_certificate",
          "auth_basic_user_file",
          "lua_package_path",
          "lua_shared_dict");
  private static final Set<String> OTHER_PASSES =
      Set.of("grpc_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "memcached_pass");

  private final StandIns standIns;
  private final IntSupplier freePort;
  private final Path dir;
  private final Set<String> rewrites = new LinkedHashSet<>();
  private final List<Rewritten.Entry> entries = new ArrayList<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private Set<String> upstreams = Set.of();

  NginxRewriter(StandIns standIns, IntSupplier freePort, Path dir) {
    this.standIns = standIns;
    this.freePort = freePort;
    this.dir = dir;
  }

  Rewritten rewrite(String text, LbConfig parsed) throws IOException {
    upstreams = parsed.pools().keySet();
    List<NginxDirective> top = NginxDirective.parse(text);
    StringBuilder out = new StringBuilder();
    out.append("daemon off;\nmaster_process on;\nworker_processes 1;\npid ")
        .append(dir.resolve("nginx.pid"))
        .append(";\nerror_log ")
        .append(dir.resolve("error.log"))
        .append(" warn;\nevents { worker_connections 512; }\n");
    boolean wrapped =
        top.stream().noneMatch(d -> d.name().equals("http") || d.name().equals("stream"));
    if (wrapped) {
      out.append("http {\n").append(httpHead());
      for (NginxDirective d : top) {
        if (d.name().equals("upstream")) {
          write(out, rewriteOne(d, "http"), 1);
        }
      }
      for (Pool p : parsed.pools().values()) {
        int port = freePort.getAsInt();
        out.append("  server {\n    listen 127.0.0.1:")
            .append(port)
            .append(";\n    location / { proxy_pass http://")
            .append(p.name())
            .append("; }\n  }\n");
        entries.add(new Rewritten.Entry("server for " + p.name(), port, "localhost"));
      }
      out.append("}\n");
      rewrites.add("bare upstream blocks: wrapped in http with one server block per upstream");
    } else {
      for (NginxDirective d : top) {
        if (!MAIN_KEPT.contains(d.name())) {
          rewrites.add(d.name() + " dropped");
        } else if (!d.name().equals("events")) {
          NginxDirective r = rewriteOne(d, "main");
          if (d.name().equals("http")) {
            out.append("http {\n").append(httpHead());
            r.block().forEach(c -> write(out, c, 1));
            out.append("}\n");
          } else {
            write(out, r, 0);
          }
        }
      }
    }
    return new Rewritten(out.toString(), entries, new ArrayList<>(rewrites));
  }

  private String httpHead() {
    StringBuilder b = new StringBuilder("  access_log off;\n");
    for (String t : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      b.append("  ")
          .append(t)
          .append("_temp_path ")
          .append(dir.resolve("tmp").resolve(t))
          .append(";\n");
    }
    return b.toString();
  }

  /** The directive rewritten for loopback; null when dropped. */
  private NginxDirective rewriteOne(NginxDirective d, String context) throws IOException {
    String name = d.name();
    if (DROPPED.contains(name)
        || name.contains("lua")
        || name.startsWith("ssl_") && !context.equals("main")) {
      rewrites.add(name + " dropped");
      return null;
    }
    if (name.equals("access_log") || name.endsWith("_temp_path")) {
      return null; // set once in the http block
    }
    if (name.equals("upstream")) {
      return upstream(d);
    }
    if (name.equals("listen")) {
      return null; // replaced in server blocks
    }
    if (name.equals("proxy_pass")) {
      return proxyPass(d);
    }
    if (OTHER_PASSES.contains(name)) {
      rewrites.add(name + " replaced by 'return 502' (stand-ins speak plain HTTP)");
      return new NginxDirective("return", List.of("502"), null, d.line());
    }
    if (d.block() == null) {
      return d;
    }
    List<NginxDirective> children = new ArrayList<>();
    if (name.equals("server") && !context.equals("upstream")) {
      children.add(listen(d, context));
    }
    for (NginxDirective c : d.block()) {
      NginxDirective r = rewriteOne(c, name);
      if (r != null) {
        children.add(r);
      }
    }
    return new NginxDirective(name, d.args(), children, d.line());
  }

  private NginxDirective listen(NginxDirective server, String context) {
    String original =
        server.block().stream()
            .filter(c -> c.name().equals("listen"))
            .map(c -> c.arg(0))
            .findFirst()
            .orElse("80");
    int port = ports.computeIfAbsent(context + " " + original, k -> freePort.getAsInt());
    String host =
        server.block().stream()
            .filter(c -> c.name().equals("server_name"))
            .flatMap(c -> c.args().stream())
            .filter(h -> h.matches("[A-Za-z0-9.-]+") && h.contains("."))
            .findFirst()
            .orElse("localhost");
    entries.add(
        new Rewritten.Entry(
            context.equals("stream") ? "stream " + original : host + " " + original, port, host));
    rewrites.add("listen " + original + " -> 127.0.0.1:" + port);
    if (server.block().stream()
        .anyMatch(c -> c.name().equals("listen") && c.args().contains("ssl"))) {
      rewrites.add("TLS on listen dropped (plain HTTP)");
    }
    return new NginxDirective("listen", List.of("127.0.0.1:" + port), null, server.line());
  }

  private NginxDirective upstream(NginxDirective u) throws IOException {
    List<NginxDirective> children = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (NginxDirective c : u.block()) {
      if (c.name().equals("server")) {
        int n = seen.merge(c.arg(0), 1, Integer::sum);
        String serverName = n == 1 ? c.arg(0) : c.arg(0) + "#" + n;
        List<String> args =
            new ArrayList<>(List.of("127.0.0.1:" + standIns.port(u.arg(0), serverName)));
        c.args().stream()
            .skip(1)
            .filter(a -> a.matches("(weight|max_fails|fail_timeout|max_conns)=.*|down|backup"))
            .forEach(args::add);
        children.add(new NginxDirective("server", args, null, c.line()));
        rewrites.add("upstream servers -> loopback stand-ins");
      } else if (c.name().equals("sticky") || c.name().equals("resolver")) {
        rewrites.add(c.name() + " in upstream dropped");
      } else {
        children.add(c);
      }
    }
    return new NginxDirective("upstream", u.args(), children, u.line());
  }

  private NginxDirective proxyPass(NginxDirective d) throws IOException {
    String target = d.arg(0);
    if (target == null || target.contains("$")) {
      return d;
    }
    String scheme = target.contains("://") ? target.substring(0, target.indexOf("://")) : "";
    String rest = target.substring(scheme.isEmpty() ? 0 : scheme.length() + 3);
    int slash = rest.indexOf('/');
    String host = slash >= 0 ? rest.substring(0, slash) : rest;
    String uri = slash >= 0 ? rest.substring(slash) : "";
    if (scheme.equals("https")) {
      rewrites.add("proxy_pass https -> http (stand-ins speak plain HTTP)");
    }
    String prefix = scheme.isEmpty() ? "" : "http://";
    if (upstreams.contains(host)) {
      return new NginxDirective("proxy_pass", List.of(prefix + host + uri), null, d.line());
    }
    int port = standIns.port(host, host);
    rewrites.add("proxy_pass to " + host + " -> a stand-in (pool '" + host + "')");
    return new NginxDirective(
        "proxy_pass", List.of(prefix + "127.0.0.1:" + port + uri), null, d.line());
  }

  private static void write(StringBuilder out, NginxDirective d, int depth) {
    if (d == null) {
      return;
    }
    String pad = "  ".repeat(depth);
    out.append(pad).append(d.name());
    d.args().forEach(a -> out.append(' ').append(quote(a)));
    if (d.block() == null) {
      out.append(";\n");
      return;
    }
    out.append(" {\n");
    d.block().forEach(c -> write(out, c, depth + 1));
    out.append(pad).append("}\n");
  }

  private static String quote(String a) {
    return a.isEmpty() || a.matches(".*[\\s;{}'\"#\\\\].*") && !a.matches("\\$\\{\\w+}")
        ? "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
        : a;
  }
}
