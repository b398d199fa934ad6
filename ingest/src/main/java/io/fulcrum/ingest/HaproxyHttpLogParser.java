package io.fulcrum.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Parses HAProxy {@code option httplog} lines (and {@code option httpslog}, whose leading fields
 * are the same):
 *
 * <pre>{@code
 * 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 ...
 * }</pre>
 *
 * with or without an RFC3164, RFC5424 or bare {@code haproxy[pid]:} syslog prefix. Only the fields
 * up to the byte count are read; the rest of the line is ignored.
 *
 * <ul>
 *   <li>Event time: when the request ended, the bracketed accept date plus {@code Ta}: the time
 *       HAProxy wrote the line, as nginx's {@code $msec} is. Lines then arrive in event-time order
 *       however slow a server is; by the accept date, an overloaded server's lines would come
 *       seconds after their window closed. The date is read in the configured zone (HAProxy logs
 *       local time). In a zone with DST the repeated autumn hour is ambiguous; it resolves to the
 *       earlier offset. Run HAProxy in UTC to avoid it.
 *   <li>Frontend: trailing {@code ~} (SSL) stripped. Server {@code <NOSRV>} or any {@code <...>}
 *       pseudo-server (applets such as {@code <CACHE>}, {@code <STATS>}) gives {@code server ==
 *       null}.
 *   <li>Latency: the last of the five timers ({@code Ta}, or {@code Tt} in 1.x docs); {@code +}
 *       prefixes (logasap) are accepted on timers and bytes; status -1 (aborted) is kept.
 * </ul>
 *
 * <p>Hand-written index scanning with no regex or per-line date formatting. <b>Not thread-safe</b>:
 * the instance caches the epoch second of the last date it saw, plus recent names.
 */
public final class HaproxyHttpLogParser implements LineParser {

  /** Length of {@code dd/MMM/yyyy:HH:mm:ss}. */
  private static final int DATE_LEN = 20;

  private static final int TIMER_COUNT = 5;
  private static final String ANCHOR_MISSING =
      "no 'client:port [dd/MMM/yyyy:HH:mm:ss.SSS]' date found";

  private final ZoneId zone;

  /** Non-null when the zone has one fixed offset: cache misses then use plain arithmetic. */
  private final ZoneOffset fixedOffset;

  private final StringCache names = new StringCache(256);

  // Last seen date prefix and its epoch second. Logs arrive in time order, so almost every line
  // hits;
  // a miss (new second, or an older line) just recomputes, so out-of-order input stays correct.
  private final char[] cachedDate = new char[DATE_LEN];
  private boolean cacheValid;
  private long cachedEpochSecond;

  /** Parser for HAProxy logging in UTC. */
  public HaproxyHttpLogParser() {
    this(ZoneOffset.UTC);
  }

  /**
   * @param zone zone of HAProxy's local timestamps
   */
  public HaproxyHttpLogParser(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
    this.fixedOffset =
        zone.getRules().isFixedOffset() ? zone.getRules().getOffset(Instant.EPOCH) : null;
  }

  @Override
  public String formatName() {
    return "haproxy";
  }

  @Override
  public ParsedRequest parse(String line) throws LineParseException {
    int end = line == null ? 0 : Ascii.trimmedEnd(line);
    if (end == 0) {
      throw fail("empty line");
    }
    int d = findDate(line, end);
    long epochSecond = epochSecond(line, d);

    int pos = d + DATE_LEN;
    int millis = 0;
    if (pos < end && line.charAt(pos) == '.') {
      millis =
          pos + 4 < end && line.charAt(pos + 4) == ']'
              ? Ascii.intDigits(line, pos + 1, pos + 4)
              : -1;
      if (millis < 0) {
        throw fail("bad milliseconds in date " + Ascii.snippet(line, d, pos + 5));
      }
      pos += 4;
    }
    if (pos >= end || line.charAt(pos) != ']') {
      throw fail("unterminated date " + Ascii.snippet(line, d, pos + 1));
    }
    pos++;
    if (pos >= end || line.charAt(pos) != ' ') {
      throw fail("line ends after the date");
    }

    int feStart = pos + 1;
    int feEnd = fieldEnd(line, feStart, end, "frontend");
    int bsStart = feEnd + 1;
    int bsEnd = fieldEnd(line, bsStart, end, "backend/server");
    int tStart = bsEnd + 1;
    int tEnd = fieldEnd(line, tStart, end, "timers");
    int stStart = tEnd + 1;
    int stEnd = fieldEnd(line, stStart, end, "status");
    int byStart = stEnd + 1;
    int byEnd = fieldEnd(line, byStart, end, "bytes");
    if (byEnd >= end) {
      // httplog always has more fields after the byte count; without them the count itself may be
      // cut short.
      throw fail("line ends after the bytes field (truncated?)");
    }

    int slash = Ascii.indexOf(line, '/', bsStart, bsEnd);
    if (slash < 0) {
      throw fail("no backend/server field, got " + Ascii.snippet(line, bsStart, bsEnd));
    }
    if (slash == bsStart || slash + 1 == bsEnd || Ascii.indexOf(line, '/', slash + 1, bsEnd) >= 0) {
      throw fail("bad backend/server field " + Ascii.snippet(line, bsStart, bsEnd));
    }
    int feNameEnd = line.charAt(feEnd - 1) == '~' ? feEnd - 1 : feEnd;
    if (feNameEnd == feStart) {
      throw fail("empty frontend name");
    }
    String frontend = names.get(line, feStart, feNameEnd);
    String pool = names.get(line, bsStart, slash);
    // <NOSRV>, <BADREQ>-style markers and applets like <CACHE> are not servers the pool balanced
    // to.
    String server =
        line.charAt(slash + 1) == '<' && line.charAt(bsEnd - 1) == '>'
            ? null
            : names.get(line, slash + 1, bsEnd);

    int latency = latency(line, tStart, tEnd);
    int status = status(line, stStart, stEnd);
    long bytes = Ascii.digits(line, line.charAt(byStart) == '+' ? byStart + 1 : byStart, byEnd);
    if (bytes < 0) {
      throw fail("bad bytes " + Ascii.snippet(line, byStart, byEnd));
    }
    return new ParsedRequest(
        epochSecond * 1000 + millis + latency, pool, server, status, latency, bytes, frontend);
  }

  /**
   * Finds the accept date: the first {@code " ["} whose bracket holds a date-shaped value and whose
   * preceding token looks like a client address ({@code ip:port}, {@code [::1]:port}, {@code
   * ::1:port}, {@code unix:1}). Requiring both skips syslog prefixes ({@code haproxy[pid]:},
   * RFC5424 structured data) and IPv6 brackets.
   *
   * @return index of the first date character
   */
  private static int findDate(String s, int end) throws LineParseException {
    int from = 0;
    while (true) {
      int sp = s.indexOf(" [", from);
      if (sp < 0 || sp + 2 + DATE_LEN > end) {
        throw fail(ANCHOR_MISSING);
      }
      int d = sp + 2;
      if (s.charAt(d + 2) == '/'
          && s.charAt(d + 6) == '/'
          && s.charAt(d + 11) == ':'
          && s.charAt(d + 14) == ':'
          && s.charAt(d + 17) == ':'
          && clientTokenBefore(s, sp)) {
        return d;
      }
      from = sp + 1;
    }
  }

  private static boolean clientTokenBefore(String s, int space) {
    int start = s.lastIndexOf(' ', space - 1) + 1;
    return start < space && Ascii.indexOf(s, ':', start, space) >= 0;
  }

  private long epochSecond(String s, int d) throws LineParseException {
    if (cacheValid && matchesCachedDate(s, d)) {
      return cachedEpochSecond;
    }
    long epochSecond = computeEpochSecond(s, d);
    s.getChars(d, d + DATE_LEN, cachedDate, 0);
    cachedEpochSecond = epochSecond;
    cacheValid = true;
    return epochSecond;
  }

  private boolean matchesCachedDate(String s, int d) {
    // Compare from the end: the seconds change most often, so a miss usually exits on the first
    // char.
    for (int i = DATE_LEN - 1; i >= 0; i--) {
      if (s.charAt(d + i) != cachedDate[i]) {
        return false;
      }
    }
    return true;
  }

  private long computeEpochSecond(String s, int d) throws LineParseException {
    int day = Ascii.intDigits(s, d, d + 2);
    int month = month(s, d + 3);
    int year = Ascii.intDigits(s, d + 7, d + 11);
    int hour = Ascii.intDigits(s, d + 12, d + 14);
    int minute = Ascii.intDigits(s, d + 15, d + 17);
    int second = Ascii.intDigits(s, d + 18, d + 20);
    if (month < 1
        || year < 0
        || day < 1
        || day > Month.of(month).length(Year.isLeap(year))
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      throw fail("bad date " + Ascii.snippet(s, d, d + DATE_LEN));
    }
    if (fixedOffset != null) {
      return LocalDate.of(year, month, day).toEpochDay() * 86_400L
          + hour * 3600
          + minute * 60
          + second
          - fixedOffset.getTotalSeconds();
    }
    return LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toEpochSecond();
  }

  /** English three-letter month abbreviation to 1..12, or -1. */
  private static int month(String s, int i) {
    char a = s.charAt(i);
    char b = s.charAt(i + 1);
    char c = s.charAt(i + 2);
    if ((a | b | c) > 0x7F) {
      return -1;
    }
    return switch (a << 16 | b << 8 | c) {
      case 'J' << 16 | 'a' << 8 | 'n' -> 1;
      case 'F' << 16 | 'e' << 8 | 'b' -> 2;
      case 'M' << 16 | 'a' << 8 | 'r' -> 3;
      case 'A' << 16 | 'p' << 8 | 'r' -> 4;
      case 'M' << 16 | 'a' << 8 | 'y' -> 5;
      case 'J' << 16 | 'u' << 8 | 'n' -> 6;
      case 'J' << 16 | 'u' << 8 | 'l' -> 7;
      case 'A' << 16 | 'u' << 8 | 'g' -> 8;
      case 'S' << 16 | 'e' << 8 | 'p' -> 9;
      case 'O' << 16 | 'c' << 8 | 't' -> 10;
      case 'N' << 16 | 'o' << 8 | 'v' -> 11;
      case 'D' << 16 | 'e' << 8 | 'c' -> 12;
      default -> -1;
    };
  }

  /** Parses {@code TR/Tw/Tc/Tr/Ta} and returns the latency in ms. */
  private static int latency(String s, int from, int to) throws LineParseException {
    int count = 0;
    int last = 0;
    int largest = 0;
    int p = from;
    while (true) {
      int slash = Ascii.indexOf(s, '/', p, to);
      int partEnd = slash < 0 ? to : slash;
      int v = timer(s, p, partEnd);
      if (++count > TIMER_COUNT) {
        break;
      }
      last = v;
      largest = Math.max(largest, v);
      if (slash < 0) {
        break;
      }
      p = slash + 1;
    }
    if (count != TIMER_COUNT) {
      throw fail("expected 5 timers TR/Tw/Tc/Tr/Ta, got " + Ascii.snippet(s, from, to));
    }
    // A total of -1 means the session was aborted before HAProxy could time it. The largest timer
    // that was
    // measured is a lower bound on the time spent whether timers are per-phase (1.3+) or cumulative
    // (1.2);
    // 0 would make failing requests look instant and -1 would poison latency statistics.
    return last >= 0 ? last : largest;
  }

  /**
   * One timer: optional {@code +} (logasap), then an integer that may be negative (-1 = not
   * reached).
   */
  private static int timer(String s, int from, int to) throws LineParseException {
    int p = from < to && s.charAt(from) == '+' ? from + 1 : from;
    boolean negative = p < to && s.charAt(p) == '-';
    int v = Ascii.intDigits(s, negative ? p + 1 : p, to);
    if (v < 0) {
      throw fail("bad timer " + Ascii.snippet(s, from, to));
    }
    return negative ? -v : v;
  }

  private static int status(String s, int from, int to) throws LineParseException {
    if (to - from == 2 && s.charAt(from) == '-' && s.charAt(from + 1) == '1') {
      return -1;
    }
    int v = Ascii.intDigits(s, from, to);
    if (v < 0 || v > 999) {
      throw fail("bad status " + Ascii.snippet(s, from, to));
    }
    return v;
  }

  /**
   * End of the space-delimited field starting at {@code start}; fails if the line ends first or it
   * is empty.
   */
  private static int fieldEnd(String s, int start, int end, String field)
      throws LineParseException {
    if (start >= end) {
      throw fail("line ends before the " + field + " field");
    }
    int e = Ascii.indexOf(s, ' ', start, end);
    if (e == start) {
      throw fail("empty " + field + " field");
    }
    return e < 0 ? end : e;
  }

  private static LineParseException fail(String reason) {
    return new LineParseException("haproxy: " + reason);
  }
}
