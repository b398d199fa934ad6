package io.fulcrum.guard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the traffic-relevant part of an HAProxy config: {@code backend}/{@code listen} sections
 * with their {@code server}, {@code server-template}, {@code default-server}, {@code balance},
 * {@code disabled} and {@code option allbackups}; {@code frontend}/{@code listen} routing ({@code
 * default_backend}, {@code use_backend}); {@code defaults} sections. Everything else that could
 * change where requests go (conditions, maps, Lua, {@code .if} blocks, environment variables,
 * unknown keywords) becomes a "not understood" note instead of a guess.
 *
 * <p>This class walks the sections and turns each finished proxy into pools and routes; the lines
 * of a proxy section are read by {@link HaproxyProxy}, server options by {@link ServerDefaults}.
 */
public final class HaproxyParser {
  static final Set<String> SECTIONS =
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
          "cache",
          "log-forward",
          "fcgi-app",
          "crt-store",
          "traces");

  private final List<Note> notes = new ArrayList<>();
  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final List<Route> routes = new ArrayList<>();
  private Defaults defaults = new Defaults();
  private HaproxyProxy proxy;
  private String section;

  private HaproxyParser() {}

  public static LbConfig parse(String text) {
    HaproxyParser p = new HaproxyParser();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      p.line(HaproxyTokens.split(lines[i], i + 1), i + 1);
    }
    p.close();
    return new LbConfig(LbFormat.HAPROXY, p.pools, p.routes, p.notes);
  }

  private void line(List<String> t, int n) {
    if (t.isEmpty()) {
      return;
    }
    String kw = t.get(0);
    if (kw.startsWith(".")) {
      notes.add(
          new Note(
              n, "directive '" + String.join(" ", t) + "': conditional blocks are not evaluated"));
      return;
    }
    if (SECTIONS.contains(kw)) {
      open(kw, t, n);
      return;
    }
    if (section == null) {
      throw new ConfigSyntaxException(n, "unknown keyword '" + kw + "' out of section");
    }
    switch (section) {
      case "global" -> {
        if (kw.startsWith("lua-")) {
          notes.add(new Note(n, kw + ": Lua code is not evaluated"));
        }
      }
      case "defaults" -> defaultsLine(kw, t, n);
      case "frontend", "backend", "listen" -> proxy.read(kw, t, n);
      default -> {} // resolvers, peers, userlist...: no routing
    }
  }

  private void open(String kw, List<String> t, int n) {
    close();
    section = kw;
    if (kw.equals("defaults")) {
      defaults = new Defaults();
      if (t.contains("from")) {
        notes.add(
            new Note(
                n, "defaults ... from: inheriting from named defaults sections is not followed"));
      }
      return;
    }
    if (kw.equals("frontend") || kw.equals("backend") || kw.equals("listen")) {
      if (t.size() < 2) {
        throw new ConfigSyntaxException(n, "'" + kw + "' needs a name");
      }
      proxy = new HaproxyProxy(kw, t.get(1), n, defaults, notes);
      if (t.size() > 2 && t.contains("from")) {
        notes.add(
            new Note(
                n,
                kw
                    + " "
                    + t.get(1)
                    + " from ...: named defaults are not followed; the last unnamed "
                    + "defaults section is assumed"));
      }
    }
  }

  private void close() {
    if (proxy == null) {
      return;
    }
    HaproxyProxy p = proxy;
    proxy = null;
    if (!p.kind.equals("frontend")) {
      if (pools.containsKey(p.name)) {
        throw new ConfigSyntaxException(p.line, "backend '" + p.name + "' is defined twice");
      }
      pools.put(
          p.name,
          new Pool(
              p.name,
              p.kind,
              p.balance,
              p.disabled,
              p.allBackups,
              p.sticky,
              p.mode,
              p.servers,
              p.line));
    }
    if (!p.kind.equals("backend")) {
      routes.addAll(p.routes);
      String target =
          p.defaultBackend != null ? p.defaultBackend : p.kind.equals("listen") ? p.name : null;
      if (target != null) {
        routes.add(new Route(p.name, Route.DEFAULT, target, target.contains("%["), p.defaultLine));
        if (target.contains("%[")) {
          notes.add(
              new Note(
                  p.defaultLine,
                  "default_backend " + target + ": computed per request, not evaluated"));
        }
      }
    }
  }

  private void defaultsLine(String kw, List<String> t, int n) {
    switch (kw) {
      case "balance" -> defaults.balance = HaproxyProxy.balance(t, n);
      case "default-server" -> defaults.server = defaults.server.with(t, 1, n, notes);
      case "option" -> {
        if (t.size() > 1 && t.get(1).equals("allbackups")) {
          defaults.allBackups = true;
        }
      }
      case "no" -> {
        if (t.size() > 2 && t.get(1).equals("option") && t.get(2).equals("allbackups")) {
          defaults.allBackups = false;
        }
      }
      case "mode" -> defaults.mode = t.size() > 1 ? t.get(1) : null;
      case "default_backend" -> {
        defaults.defaultBackend = t.size() > 1 ? t.get(1) : null;
        defaults.defaultLine = n;
      }
      case "cookie", "stick" -> defaults.sticky = true;
      default -> {}
    }
  }

  /** What a {@code defaults} section passes on to the proxies after it. */
  static final class Defaults {
    String balance = "roundrobin";
    ServerDefaults server = ServerDefaults.NONE;
    boolean allBackups;
    boolean sticky;
    String mode;
    String defaultBackend;
    int defaultLine;
  }
}
