package io.fulcrum.ingest;

/**
 * Parses nginx access-log lines written with Fulcrum's upstream-aware format:
 *
 * <pre>{@code
 * log_format fulcrum 'time=$msec pool=$proxy_host upstream="$upstream_addr" status=$status request_time=$request_time bytes=$body_bytes_sent host=$host';
 * }</pre>
 *
 * Keys may come in any order; unknown keys and tokens without {@code =} (such as a syslog prefix)
 * are ignored; any value may be double-quoted; a repeated key keeps its last value.
 *
 * <ul>
 *   <li>Required: {@code time} (epoch seconds with milliseconds), {@code pool}, {@code status}.
 *   <li>{@code upstream}: with retries nginx writes a list ({@code "a:80, b:80"}, or {@code " : "}
 *       across internal redirects); the last address produced the response. {@code -}, empty, or a
 *       name without {@code :} (nginx writes the group name when no upstream is live) gives {@code
 *       server == null}.
 *   <li>Optional: {@code request_time} (seconds, to ms; default 0), {@code bytes} (default 0),
 *       {@code host} (becomes the frontend; {@code -} or empty gives null).
 *   <li>{@code pool=-} means nginx did not proxy the request (static file, {@code return}): a valid
 *       line that belongs to no pool, so {@link #parse} returns null and the caller skips it.
 * </ul>
 *
 * Numbers are parsed with integer arithmetic, no regex. <b>Not thread-safe</b> (caches recent
 * names).
 */
public final class NginxUpstreamLogParser implements LineParser {

  private final StringCache names = new StringCache(256);

  @Override
  public String formatName() {
    return "nginx";
  }

  @Override
  public ParsedRequest parse(String line) throws LineParseException {
    int end = line == null ? 0 : Ascii.trimmedEnd(line);
    if (end == 0) {
      throw fail("empty line");
    }
    long time = -1;
    boolean notProxied = false;
    String pool = null;
    String server = null;
    int status = -1;
    int latency = 0;
    long bytes = 0;
    String host = null;

    int p = 0;
    while (p < end) {
      char c = line.charAt(p);
      if (c == ' ') {
        p++;
        continue;
      }
      int keyStart = p;
      while (p < end && (c = line.charAt(p)) != '=' && c != ' ') {
        p++;
      }
      if (p >= end || c == ' ') {
        continue; // not a key=value token
      }
      int keyEnd = p++;
      int valueStart;
      int valueEnd;
      if (p < end && line.charAt(p) == '"') {
        valueStart = ++p;
        while (p < end && (c = line.charAt(p)) != '"') {
          p += c == '\\' ? 2 : 1; // escape=json writes \" inside values
        }
        if (p >= end) {
          throw fail("unterminated quote in value of " + Ascii.snippet(line, keyStart, keyEnd));
        }
        valueEnd = p++;
      } else {
        valueStart = p;
        while (p < end && line.charAt(p) != ' ') {
          p++;
        }
        valueEnd = p;
      }

      switch (Key.of(line, keyStart, keyEnd)) {
        case TIME -> {
          time = Ascii.decimalMillis(line, valueStart, valueEnd);
          if (time < 0) {
            throw bad("time", line, valueStart, valueEnd);
          }
        }
        case POOL -> {
          if (valueEnd - valueStart == 1 && line.charAt(valueStart) == '-') {
            notProxied = true;
            continue;
          }
          if (valueEnd == valueStart) {
            throw fail("empty pool");
          }
          pool = names.get(line, valueStart, valueEnd);
        }
        case UPSTREAM -> server = lastUpstream(line, valueStart, valueEnd);
        case STATUS -> {
          status = Ascii.intDigits(line, valueStart, valueEnd);
          if (status < 0 || status > 999) {
            throw bad("status", line, valueStart, valueEnd);
          }
        }
        case REQUEST_TIME -> {
          long ms = Ascii.decimalMillis(line, valueStart, valueEnd);
          if (ms < 0 || ms > Integer.MAX_VALUE) {
            throw bad("request_time", line, valueStart, valueEnd);
          }
          latency = (int) ms;
        }
        case BYTES -> {
          bytes = Ascii.digits(line, valueStart, valueEnd);
          if (bytes < 0) {
            throw bad("bytes", line, valueStart, valueEnd);
          }
        }
        case HOST ->
            host =
                isDashOrEmpty(line, valueStart, valueEnd)
                    ? null
                    : names.get(line, valueStart, valueEnd);
        case OTHER -> {}
      }
    }
    if (time < 0) {
      throw fail("missing key 'time'");
    }
    if (notProxied) {
      return null;
    }
    if (pool == null) {
      throw fail("missing key 'pool'");
    }
    if (status < 0) {
      throw fail("missing key 'status'");
    }
    // $msec is written when the request ends; event time is when it was accepted, as for HAProxy.
    return new ParsedRequest(time - latency, pool, server, status, latency, bytes, host);
  }

  /** The last address of an {@code $upstream_addr} list, or null when no server was chosen. */
  private String lastUpstream(String s, int from, int to) {
    int start = to;
    while (start > from && s.charAt(start - 1) != ' ' && s.charAt(start - 1) != ',') {
      start--;
    }
    // Addresses are ip:port, [v6]:port or unix:path; a bare word is the group name nginx logs when
    // no
    // upstream was live.
    if (start == to || Ascii.indexOf(s, ':', start, to) < 0) {
      return null;
    }
    return names.get(s, start, to);
  }

  private static boolean isDashOrEmpty(String s, int from, int to) {
    return from == to || (to - from == 1 && s.charAt(from) == '-');
  }

  private static LineParseException bad(String key, String s, int from, int to) {
    return fail("bad " + key + " " + Ascii.snippet(s, from, to));
  }

  private static LineParseException fail(String reason) {
    return new LineParseException("nginx: " + reason);
  }

  private enum Key {
    TIME("time"),
    POOL("pool"),
    UPSTREAM("upstream"),
    STATUS("status"),
    REQUEST_TIME("request_time"),
    BYTES("bytes"),
    HOST("host"),
    OTHER("");

    private static final Key[] KNOWN = {TIME, POOL, UPSTREAM, STATUS, REQUEST_TIME, BYTES, HOST};
    private final String text;

    Key(String text) {
      this.text = text;
    }

    static Key of(String s, int from, int to) {
      int len = to - from;
      for (Key k : KNOWN) {
        if (k.text.length() == len && s.regionMatches(from, k.text, 0, len)) {
          return k;
        }
      }
      return OTHER;
    }
  }
}
