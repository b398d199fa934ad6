package io.fulcrum.guard;

/**
 * One server of a pool as declared.
 *
 * @param name HAProxy's server name; for nginx, which names none, the address as written (with
 *     {@code #2}, {@code #3}... for repeats), the same name nginx logs in {@code $upstream_addr}
 * @param address as written, e.g. {@code 10.0.0.1:8080}, {@code web.internal:80}, {@code
 *     unix:/run/app.sock}
 * @param weight relative weight (HAProxy 0-256, nginx 1-...); 0 takes no traffic
 * @param disabled HAProxy {@code disabled}, nginx {@code down}
 * @param backup only used when no other server of the pool can serve
 * @param template the {@code server-template} prefix it was expanded from, or null
 * @param line line number in its file
 */
public record Server(
    String name,
    String address,
    int weight,
    boolean disabled,
    boolean backup,
    String template,
    int line) {
  /** Takes traffic when its pool's non-backup servers are considered (enabled, weight above 0). */
  public boolean serving() {
    return !disabled && weight > 0;
  }

  /**
   * Host and port in a comparable form: {@code 10.0.0.1} and {@code 10.0.0.1:80} are one address
   * for nginx.
   */
  public String addressKey(int defaultPort) {
    String a =
        address.startsWith("ipv4@") || address.startsWith("ipv6@") ? address.substring(5) : address;
    if (a.startsWith("unix") || a.startsWith("/") || a.startsWith("abns@")) {
      return a;
    }
    boolean hasPort = a.startsWith("[") ? a.matches("\\[.*]:\\d+") : a.matches("[^:]+:\\d+");
    return hasPort || defaultPort <= 0 ? a : a + ":" + defaultPort;
  }
}
