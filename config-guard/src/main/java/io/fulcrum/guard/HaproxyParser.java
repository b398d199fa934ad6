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

  /**
   * Proxy keywords that do not change which server a request goes to (or do so per client, as
   * persistence).
   */
  private static final Set<String> NEUTRAL =
      Set.of(
          "acl",
          "bind",
          "capture",
          "compression",
          "description",
          "errorfile",
          "errorfiles",
          "errorloc",
          "errorloc302",
          "errorloc303",
          "filter",
          "force-persist",
          "fullconn",
          "hash-type",
          "hash-balance-factor",
          "http-after-response",
          "http-check",
          "http-error",
          "http-response",
          "http-reuse",
          "http-send-name-header",
          "id",
          "ignore-persist",
          "load-server-state-from-file",
          "log",
          "log-format",
          "log-format-sd",
          "log-tag",
          "max-keep-alive-queue",
          "maxconn",
          "monitor",
          "monitor-uri",
          "monitor-net",
          "persist",
          "rate-limit",
          "redirect",
          "retries",
          "retry-on",
          "server-state-file-name",
          "source",
          "stats",
          "tcp-check",
          "tcp-response",
          "timeout",
          "unique-id-format",
          "unique-id-header",
          "external-check",
          "dynamic-cookie-key",
          "email-alert",
          "declare",
          "backlog",
          "grace",
          "guid",
          "http-request",
          "tcp-request",
          "option",
          "no",
          "enabled",
          "mode",
          "cookie",
          "stick",
          "stick-table",
          "srvtcpka-cnt",
          "srvtcpka-idle",
          "srvtcpka-intvl",
          "clitcpka-cnt",
          "clitcpka-idle",
          "clitcpka-intvl");

  private final List<Note> notes = new ArrayList<>();
  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final List<Route> routes = new ArrayList<>();
  private Defaults defaults = new Defaults();
  private Proxy proxy;
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
      case "frontend", "backend", "listen" -> proxyLine(kw, t, n);
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
      proxy = new Proxy(kw, t.get(1), n, defaults);
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
    Proxy p = proxy;
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
      case "balance" -> defaults.balance = balance(t, n);
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

  private void proxyLine(String kw, List<String> t, int n) {
    Proxy p = proxy;
    boolean isBackend = !p.kind.equals("frontend");
    if (!isBackend
        && Set.of("server", "server-template", "default-server", "balance").contains(kw)) {
      throw new ConfigSyntaxException(n, "'" + kw + "' is not allowed in a frontend section");
    }
    if (p.kind.equals("backend") && (kw.equals("default_backend") || kw.equals("use_backend"))) {
      throw new ConfigSyntaxException(n, "'" + kw + "' is not allowed in a backend section");
    }
    switch (kw) {
      case "balance" -> p.balance = balance(t, n);
      case "server" -> {
        if (t.size() < 3) {
          throw new ConfigSyntaxException(n, "'server' needs a name and an address");
        }
        envNote(t, n);
        p.servers.add(p.defaultServer.with(t, 3, n, notes).server(t.get(1), t.get(2), null, n));
      }
      case "server-template" -> template(p, t, n);
      case "default-server" -> p.defaultServer = p.defaultServer.with(t, 1, n, notes);
      case "disabled" -> p.disabled = true;
      case "enabled" -> p.disabled = false;
      case "option" -> {
        if (t.size() > 1 && t.get(1).equals("allbackups")) {
          p.allBackups = true;
        }
      }
      case "mode" -> p.mode = t.size() > 1 ? t.get(1) : null;
      case "cookie", "stick" -> p.sticky = true;
      case "use-server" ->
          notes.add(
              new Note(
                  n,
                  "use-server "
                      + String.join(" ", t.subList(1, t.size()))
                      + ": forces a server for matching requests; not predicted"));
      case "default_backend" -> {
        if (t.size() < 2) {
          throw new ConfigSyntaxException(n, "'default_backend' needs a backend name");
        }
        p.defaultBackend = t.get(1);
        p.defaultLine = n;
      }
      case "use_backend" -> {
        if (t.size() < 2) {
          throw new ConfigSyntaxException(n, "'use_backend' needs a backend name");
        }
        String target = t.get(1);
        String cond = t.size() > 2 ? String.join(" ", t.subList(2, t.size())) : "always";
        boolean dynamic = target.contains("%[");
        p.routes.add(new Route(p.name, cond, target, dynamic, n));
        if (dynamic) {
          notes.add(
              new Note(
                  n,
                  "use_backend "
                      + target
                      + ": the backend is computed per request (map or "
                      + "expression); not evaluated"));
        }
        if (t.size() > 2) {
          notes.add(
              new Note(
                  n,
                  "use_backend "
                      + target
                      + " "
                      + cond
                      + ": which requests match is not evaluated "
                      + "(rehearse with --sample-log to measure)"));
        }
      }
      default -> {
        if (!NEUTRAL.contains(kw)) {
          notes.add(
              new Note(
                  n,
                  "keyword '"
                      + kw
                      + "' in "
                      + p.kind
                      + " "
                      + p.name
                      + " not understood (ignored)"));
        }
      }
    }
    if ((kw.equals("http-request") || kw.equals("tcp-request"))
        && String.join(" ", t).contains("lua.")) {
      notes.add(new Note(n, kw + " ... lua: Lua code is not evaluated"));
    }
    if (kw.equals("http-request") && t.contains("set-dst")) {
      notes.add(
          new Note(n, "http-request set-dst: changes the destination per request; not predicted"));
    }
  }

  private void template(Proxy p, List<String> t, int n) {
    if (t.size() < 4) {
      throw new ConfigSyntaxException(
          n, "'server-template' needs a prefix, a count or range, and an address");
    }
    envNote(t, n);
    String range = t.get(2);
    int from;
    int to;
    try {
      if (range.contains("-")) {
        from = Integer.parseInt(range.substring(0, range.indexOf('-')));
        to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
      } else {
        from = 1;
        to = Integer.parseInt(range);
      }
    } catch (NumberFormatException e) {
      throw new ConfigSyntaxException(
          n, "server-template: '" + range + "' is not a count or a range like 1-4");
    }
    if (from < 0 || to < from || to - from > 10_000) {
      throw new ConfigSyntaxException(n, "server-template: bad range '" + range + "'");
    }
    ServerDefaults d = p.defaultServer.with(t, 4, n, notes);
    for (int i = from; i <= to; i++) {
      p.servers.add(d.server(t.get(1) + i, t.get(3), t.get(1), n));
    }
  }

  private void envNote(List<String> t, int n) {
    for (String s : t) {
      if (s.contains("${") || s.matches(".*\\$[A-Z_][A-Z0-9_]*.*")) {
        notes.add(
            new Note(
                n,
                t.get(0)
                    + " "
                    + t.get(1)
                    + ": uses an environment variable ('"
                    + s
                    + "'); its value is not known here"));
        return;
      }
    }
  }

  private String balance(List<String> t, int n) {
    if (t.size() < 2) {
      throw new ConfigSyntaxException(n, "'balance' needs an algorithm");
    }
    String alg = t.get(1);
    String name = alg.split("\\(", 2)[0];
    if (!Set.of(
            "roundrobin",
            "static-rr",
            "leastconn",
            "first",
            "source",
            "uri",
            "url_param",
            "hdr",
            "random",
            "rdp-cookie",
            "hash")
        .contains(name)) {
      throw new ConfigSyntaxException(n, "unknown balance algorithm '" + alg + "'");
    }
    return String.join(" ", t.subList(1, t.size()));
  }

  /** What a {@code defaults} section passes on to the proxies after it. */
  private static final class Defaults {
    String balance = "roundrobin";
    ServerDefaults server = ServerDefaults.NONE;
    boolean allBackups;
    boolean sticky;
    String mode;
    String defaultBackend;
    int defaultLine;
  }

  /** One frontend, backend or listen section being read. */
  private static final class Proxy {
    final String kind;
    final String name;
    final int line;
    final List<Server> servers = new ArrayList<>();
    final List<Route> routes = new ArrayList<>();
    String balance;
    ServerDefaults defaultServer;
    boolean allBackups;
    boolean sticky;
    boolean disabled;
    String mode;
    String defaultBackend;
    int defaultLine;

    Proxy(String kind, String name, int line, Defaults d) {
      this.kind = kind;
      this.name = name;
      this.line = line;
      this.balance = d.balance;
      this.defaultServer = d.server;
      this.allBackups = d.allBackups;
      this.sticky = d.sticky;
      this.mode = d.mode;
      this.defaultBackend = d.defaultBackend;
      this.defaultLine = d.defaultLine;
    }
  }

  /**
   * {@code default-server} settings, and the same keywords read on a {@code server} line on top of
   * them.
   */
  record ServerDefaults(int weight, boolean disabled, boolean backup) {
    static final ServerDefaults NONE = new ServerDefaults(1, false, false);

    ServerDefaults with(List<String> t, int from, int n, List<Note> notes) {
      int w = weight;
      boolean dis = disabled;
      boolean bak = backup;
      for (int i = from; i < t.size(); i++) {
        switch (t.get(i)) {
          case "weight" -> {
            if (i + 1 >= t.size()) {
              throw new ConfigSyntaxException(n, "'weight' needs a value");
            }
            w = weight(t.get(++i), n, notes);
          }
          case "disabled" -> dis = true;
          case "enabled" -> dis = false;
          case "backup" -> bak = true;
          case "no-backup" -> bak = false;
          default -> {}
        }
      }
      return new ServerDefaults(w, dis, bak);
    }

    Server server(String name, String address, String template, int line) {
      return new Server(name, address, weight, disabled, backup, template, line);
    }

    private int weight(String v, int n, List<Note> notes) {
      if (v.contains("$")) {
        notes.add(
            new Note(
                n,
                "weight "
                    + v
                    + ": environment variable not expanded; weight "
                    + weight
                    + " assumed"));
        return weight;
      }
      try {
        int w = Integer.parseInt(v);
        if (w < 0 || w > 256) {
          throw new ConfigSyntaxException(n, "weight " + v + " is out of range (0-256)");
        }
        return w;
      } catch (NumberFormatException e) {
        throw new ConfigSyntaxException(n, "weight '" + v + "' is not a whole number");
      }
    }
  }
}
