package io.fulcrum.sim;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Renders a {@link SimRequest} as an HAProxy 2.6 {@code option httplog} line (without the syslog
 * header), e.g.
 *
 * <pre>
 * 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in be_web/web-1 0/0/1/41/42 200 2750 - - ---- 1/1/1/1/0 0/0 "GET /index.html HTTP/1.1"
 * </pre>
 *
 * The date is the accept time in UTC. Timers are TR/Tw/Tc/Tr/Ta with Ta the total latency and -1
 * for phases never reached: {@code <NOSRV>} 503s ({@code SC--}), queue-timeout 503s from an
 * overloaded server ({@code sQ--}) and 502s where the server broke off ({@code SH--}).
 *
 * <p>Built for millions of lines: one StringBuilder, the date text cached per second. Not
 * thread-safe (the cache); use one instance per thread.
 */
public final class HaproxyLogFormatter {

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private final String frontend;
  private final String quotedRequestLine;
  private long cachedSecond = Long.MIN_VALUE;
  private String cachedDate = "";

  public HaproxyLogFormatter() {
    this("http-in", "GET /index.html HTTP/1.1");
  }

  public HaproxyLogFormatter(String frontend, String requestLine) {
    this.frontend = Objects.requireNonNull(frontend, "frontend");
    this.quotedRequestLine = '"' + Objects.requireNonNull(requestLine, "requestLine") + '"';
  }

  public String format(SimRequest r) {
    return append(new StringBuilder(160), r).toString();
  }

  /** Appends the line with a fake client address derived from the request (stable per request). */
  public StringBuilder append(StringBuilder sb, SimRequest r) {
    long h = SimRandom.mix(r.timestampMs() * 31 + r.bytes() * 0x9E3779B97F4A7C15L + r.latencyMs());
    sb.append("10.0.")
        .append((int) ((h >>> 8) & 0xff))
        .append('.')
        .append(1 + (int) ((h & 0xff) % 254));
    sb.append(':').append(1024 + (int) ((h >>> 16) & 0xffff) % (65536 - 1024));
    return appendAfterClient(sb, r);
  }

  /** Appends the line with the given client address. */
  public StringBuilder append(StringBuilder sb, SimRequest r, String clientIp, int clientPort) {
    sb.append(clientIp).append(':').append(clientPort);
    return appendAfterClient(sb, r);
  }

  private StringBuilder appendAfterClient(StringBuilder sb, SimRequest r) {
    long ts = r.timestampMs();
    sb.append(" [").append(dateToSecond(Math.floorDiv(ts, 1000))).append('.');
    LogFormat.pad3(sb, Math.floorMod(ts, 1000)).append("] ");
    sb.append(frontend)
        .append(' ')
        .append(r.pool())
        .append('/')
        .append(r.noServer() ? "<NOSRV>" : r.server())
        .append(' ');

    int ta = r.latencyMs();
    int tc = Math.min(1, ta);
    String termination;
    String connections = "1/1/1/1/0";
    if (r.noServer()) {
      sb.append("0/-1/-1/-1/").append(ta);
      termination = "SC--";
      connections = "1/1/0/0/0";
    } else if (r.status() == 503) {
      sb.append("0/").append(ta).append("/-1/-1/").append(ta);
      termination = "sQ--";
    } else if (r.status() == 502) {
      sb.append("0/0/").append(tc).append("/-1/").append(ta);
      termination = "SH--";
    } else {
      sb.append("0/0/").append(tc).append('/').append(ta - tc).append('/').append(ta);
      termination = "----";
    }
    sb.append(' ')
        .append(r.status())
        .append(' ')
        .append(r.bytes())
        .append(" - - ")
        .append(termination)
        .append(' ')
        .append(connections)
        .append(" 0/0 ")
        .append(quotedRequestLine);
    return sb;
  }

  /** {@code dd/Mon/yyyy:HH:mm:ss} in UTC, recomputed only when the second changes. */
  private String dateToSecond(long epochSecond) {
    if (epochSecond != cachedSecond) {
      LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
      StringBuilder d = new StringBuilder(20);
      LogFormat.pad2(d, t.getDayOfMonth())
          .append('/')
          .append(MONTHS[t.getMonthValue() - 1])
          .append('/')
          .append(t.getYear())
          .append(':');
      LogFormat.pad2(d, t.getHour()).append(':');
      LogFormat.pad2(d, t.getMinute()).append(':');
      LogFormat.pad2(d, t.getSecond());
      cachedDate = d.toString();
      cachedSecond = epochSecond;
    }
    return cachedDate;
  }
}
