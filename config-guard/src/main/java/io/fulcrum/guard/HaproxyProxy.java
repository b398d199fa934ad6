package io.fulcrum.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One {@code frontend}, {@code backend} or {@code listen} section being read by {@link
 * HaproxyParser}: what it has gathered so far and how each of its lines ({@code server}, {@code
 * server-template}, {@code balance}, {@code use_backend}, options...) changes that. Kept apart from
 * the parser, which only walks the sections, because the per-keyword rules of a proxy section are
 * most of what there is to read.
 */
final class HaproxyProxy {
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

  /** The parser's notes, which this section's lines add to. */
  private final List<Note> notes;

  HaproxyProxy(String kind, String name, int line, HaproxyParser.Defaults d, List<Note> notes) {
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
    this.notes = notes;
  }

  /** Reads one line of this section; {@code kw} is its first token. */
  void read(String kw, List<String> t, int n) {
    boolean isBackend = !kind.equals("frontend");
    if (!isBackend
        && Set.of("server", "server-template", "default-server", "balance").contains(kw)) {
      throw new ConfigSyntaxException(n, "'" + kw + "' is not allowed in a frontend section");
    }
    if (kind.equals("backend") && (kw.equals("default_backend") || kw.equals("use_backend"))) {
      throw new ConfigSyntaxException(n, "'" + kw + "' is not allowed in a backend section");
    }
    switch (kw) {
      case "balance" -> balance = balance(t, n);
      case "server" -> {
        if (t.size() < 3) {
          throw new ConfigSyntaxException(n, "'server' needs a name and an address");
        }
        envNote(t, n);
        servers.add(defaultServer.with(t, 3, n, notes).server(t.get(1), t.get(2), null, n));
      }
      case "server-template" -> template(t, n);
      case "default-server" -> defaultServer = defaultServer.with(t, 1, n, notes);
      case "disabled" -> disabled = true;
      case "enabled" -> disabled = false;
      case "option" -> {
        if (t.size() > 1 && t.get(1).equals("allbackups")) {
          allBackups = true;
        }
      }
      case "mode" -> mode = t.size() > 1 ? t.get(1) : null;
      case "cookie", "stick" -> sticky = true;
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
        defaultBackend = t.get(1);
        defaultLine = n;
      }
      case "use_backend" -> {
        if (t.size() < 2) {
          throw new ConfigSyntaxException(n, "'use_backend' needs a backend name");
        }
        String target = t.get(1);
        String cond = t.size() > 2 ? String.join(" ", t.subList(2, t.size())) : "always";
        boolean dynamic = target.contains("%[");
        routes.add(new Route(name, cond, target, dynamic, n));
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
                  n, "keyword '" + kw + "' in " + kind + " " + name + " not understood (ignored)"));
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

  private void template(List<String> t, int n) {
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
    ServerDefaults d = defaultServer.with(t, 4, n, notes);
    for (int i = from; i <= to; i++) {
      servers.add(d.server(t.get(1) + i, t.get(3), t.get(1), n));
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

  /** The {@code balance} line's algorithm and arguments, checked; also read in {@code defaults}. */
  static String balance(List<String> t, int n) {
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
}
