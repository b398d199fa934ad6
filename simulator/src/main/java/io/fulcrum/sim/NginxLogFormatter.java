package io.fulcrum.sim;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Renders a {@link SimRequest} as a key=value nginx access-log line, e.g.
 *
 * <pre>
 * time=1718031600.123 pool=be_web upstream="127.0.0.1:8080" status=200 request_time=0.042 bytes=512 host=shop.example
 * </pre>
 *
 * i.e. {@code log_format fulcrum 'time=$msec pool=$proxy_host upstream="$upstream_addr"
 * status=$status request_time=$request_time bytes=$body_bytes_sent host=$host'}. As with nginx's
 * {@code $msec}, {@code time} is when the line is written (the request's end): accept time = time -
 * request_time. A request with no server logs the pool name as upstream, like nginx with no live
 * upstream.
 *
 * <p>Server names map to stable fake loopback addresses ({@link #upstreamAddresses()}) so a parser
 * can map them back. Not thread-safe (the time cache); use one instance per thread.
 */
public final class NginxLogFormatter {

  public static final String DEFAULT_HOST = "shop.example";
  static final int UPSTREAM_PORT = 8080;

  private final Map<String, String> upstreamByServer;
  private final Map<String, String> serverByUpstream;
  private final String host;
  private long cachedSecond = Long.MIN_VALUE;
  private String cachedTimePrefix = "";

  /**
   * Loopback addresses for {@code servers} (e.g. {@link Scenario#servers()}), host {@value
   * #DEFAULT_HOST}.
   */
  public NginxLogFormatter(Collection<String> servers) {
    this(loopbackAddresses(servers), DEFAULT_HOST);
  }

  public NginxLogFormatter(Map<String, String> upstreamByServer, String host) {
    this.upstreamByServer = Collections.unmodifiableMap(new LinkedHashMap<>(upstreamByServer));
    Map<String, String> reverse = new HashMap<>();
    this.upstreamByServer.forEach(
        (s, a) -> {
          if (reverse.put(a, s) != null) {
            throw new IllegalArgumentException("two servers share upstream " + a);
          }
        });
    this.serverByUpstream = Collections.unmodifiableMap(reverse);
    this.host = Objects.requireNonNull(host, "host");
  }

  /** Sorted names -> 127.0.0.1:8080, 127.0.0.2:8080, ...: stable for a given set of names. */
  public static Map<String, String> loopbackAddresses(Collection<String> servers) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    for (String s : new TreeSet<>(servers)) {
      if (i >= 254 * 256) {
        throw new IllegalArgumentException("too many servers for 127.0.0.0/16");
      }
      out.put(s, "127.0." + (i / 254) + "." + (i % 254 + 1) + ":" + UPSTREAM_PORT);
      i++;
    }
    return out;
  }

  /** server name -> "ip:port", in a stable order. */
  public Map<String, String> upstreamAddresses() {
    return upstreamByServer;
  }

  /** The server behind an {@code upstream} value, if it is a mapped address. */
  public Optional<String> serverFor(String upstream) {
    return Optional.ofNullable(serverByUpstream.get(upstream));
  }

  /** Address of {@code server}; unmapped names get a stable hashed address in 127.255.0.0/16. */
  public String upstreamOf(String server) {
    String a = upstreamByServer.get(server);
    if (a != null) {
      return a;
    }
    long h = SimRandom.mix(server.hashCode());
    return "127.255." + ((h >>> 8) & 0xff) + "." + (1 + (h & 0xff) % 254) + ":" + UPSTREAM_PORT;
  }

  public String format(SimRequest r) {
    return append(new StringBuilder(128), r).toString();
  }

  public StringBuilder append(StringBuilder sb, SimRequest r) {
    long end = r.endMs();
    long second = Math.floorDiv(end, 1000);
    if (second != cachedSecond) {
      cachedTimePrefix = "time=" + second + ".";
      cachedSecond = second;
    }
    sb.append(cachedTimePrefix);
    LogFormat.pad3(sb, Math.floorMod(end, 1000));
    sb.append(" pool=")
        .append(r.pool())
        .append(" upstream=\"")
        .append(r.noServer() ? r.pool() : upstreamOf(r.server()))
        .append("\" status=")
        .append(r.status())
        .append(" request_time=");
    LogFormat.seconds(sb, r.latencyMs());
    return sb.append(" bytes=").append(r.bytes()).append(" host=").append(host);
  }
}
