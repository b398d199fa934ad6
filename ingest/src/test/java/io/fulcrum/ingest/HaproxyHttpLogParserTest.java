package io.fulcrum.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HaproxyHttpLogParserTest {

  /** The HAProxy documentation's example line, used as the base of most cases. */
  private static final String BODY =
      "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 "
          + "10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} \"GET /index.html HTTP/1.1\"";

  /**
   * The accept date of {@link #BODY}; event time is this plus Ta (109 ms), when the line was
   * written.
   */
  private static final long T = utcMillis(2009, 2, 6, 12, 14, 14, 655);

  private static final ParsedRequest EXPECTED =
      new ParsedRequest(T + 109, "static", "srv1", 200, 109, 2750, "http-in");

  static long utcMillis(int y, int mo, int d, int h, int mi, int s, int ms) {
    return LocalDateTime.of(y, mo, d, h, mi, s, ms * 1_000_000)
        .toInstant(ZoneOffset.UTC)
        .toEpochMilli();
  }

  static Stream<Arguments> validLines() {
    return Stream.of(
        arguments(named("plain 2.6 line", BODY), EXPECTED),
        arguments(
            named("RFC3164 syslog prefix", "<134>Feb  6 12:14:14 lb1 haproxy[14389]: " + BODY),
            EXPECTED),
        arguments(
            named(
                "RFC5424 syslog prefix",
                "<134>1 2009-02-06T12:14:14.655Z lb1 haproxy 14389 - - " + BODY),
            EXPECTED),
        arguments(
            named(
                "RFC5424 prefix with structured data",
                "<134>1 2009-02-06T12:14:14.655Z lb1 haproxy 14389 - [meta seq=\"1\"] " + BODY),
            EXPECTED),
        arguments(named("bare haproxy[pid] prefix", "haproxy[14389]: " + BODY), EXPECTED),
        arguments(named("trailing CRLF", BODY + "\r\n"), EXPECTED),
        arguments(
            named(
                "httpslog extra trailing fields",
                BODY + " 0/0/0/0/0 ::/:: TLSv1.3/TLS_AES_256_GCM_SHA384"),
            EXPECTED),
        arguments(
            named(
                "NOSRV 503 has no server",
                "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in be_web/<NOSRV> 0/-1/-1/-1/0 503 217 - - SCNN "
                    + "1/1/0/0/0 0/0 \"GET / HTTP/1.1\""),
            new ParsedRequest(T + 0, "be_web", null, 503, 0, 217, "http-in")),
        arguments(
            named(
                "BADREQ has no server",
                "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in http-in/<NOSRV> -1/-1/-1/-1/2 400 187 - - CR-- "
                    + "1/1/0/0/0 0/0 \"<BADREQ>\""),
            new ParsedRequest(T + 2, "http-in", null, 400, 2, 187, "http-in")),
        arguments(
            named(
                "cache applet pseudo-server has no server",
                BODY.replace("static/srv1", "static/<CACHE>")),
            new ParsedRequest(T + 109, "static", null, 200, 109, 2750, "http-in")),
        arguments(
            named("SSL frontend tilde stripped", BODY.replace("http-in ", "https-in~ ")),
            new ParsedRequest(T + 109, "static", "srv1", 200, 109, 2750, "https-in")),
        arguments(
            named(
                "aborted total -1 uses largest measured timer",
                BODY.replace("10/0/30/69/109 200", "15/0/30/-1/-1 -1")),
            new ParsedRequest(T + 30, "static", "srv1", -1, 30, 2750, "http-in")),
        arguments(
            named(
                "all timers -1 gives zero latency",
                BODY.replace("10/0/30/69/109 200", "-1/-1/-1/-1/-1 -1")),
            new ParsedRequest(T + 0, "static", "srv1", -1, 0, 2750, "http-in")),
        arguments(
            named(
                "logasap plus-prefixed total and bytes",
                BODY.replace("10/0/30/69/109 200 2750", "10/0/30/69/+109 200 +2750")),
            EXPECTED),
        arguments(
            named("IPv6 client in brackets", BODY.replace("10.0.1.2:33317", "[::1]:33317")),
            EXPECTED),
        arguments(
            named(
                "IPv6 client in brackets after prefix",
                "haproxy[1]: " + BODY.replace("10.0.1.2:33317", "[2001:db8::7]:33317")),
            EXPECTED),
        arguments(
            named("IPv6 client without brackets", BODY.replace("10.0.1.2:33317", "::1:33317")),
            EXPECTED),
        arguments(named("unix socket client", BODY.replace("10.0.1.2:33317", "unix:1")), EXPECTED),
        arguments(
            named(
                "1.x Tq/Tw/Tc/Tr/Tt timers",
                "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- "
                    + "1/1/1/1/0 0/0 \"GET /index.html HTTP/1.0\""),
            EXPECTED),
        arguments(
            named("date without milliseconds", BODY.replace("14.655]", "14]")),
            new ParsedRequest(T - 655 + 109, "static", "srv1", 200, 109, 2750, "http-in")),
        arguments(
            named(
                "request path containing a bracketed date is ignored",
                BODY.replace("/index.html", "/x [01/Jan/2000:00:00:00.000]")),
            EXPECTED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validLines")
  void parsesValidLines(String line, ParsedRequest expected) throws LineParseException {
    assertThat(new HaproxyHttpLogParser().parse(line)).isEqualTo(expected);
  }

  static Stream<Arguments> malformedLines() {
    return Stream.of(
        arguments(named("null line", null), "empty line"),
        arguments(named("empty line", ""), "empty line"),
        arguments(named("blank line", "  \r\n"), "empty line"),
        arguments(
            named("no client or date", "hello world"),
            "no 'client:port [dd/MMM/yyyy:HH:mm:ss.SSS]'"),
        arguments(
            named(
                "CLF format without port",
                "10.0.1.2 - - [06/Feb/2009:12:14:14 +0000] \"GET / HTTP/1.1\""),
            "no 'client:port"),
        arguments(
            named("truncated inside date", "10.0.1.2:33317 [06/Feb/2009:12:1"), "no 'client:port"),
        arguments(
            named("truncated after date", "10.0.1.2:33317 [06/Feb/2009:12:14:14.655]"),
            "line ends after the date"),
        arguments(
            named("truncated after frontend", "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in"),
            "line ends before the backend/server field"),
        arguments(
            named(
                "truncated after timers",
                "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109"),
            "line ends before the status field"),
        arguments(
            named("truncated in bytes", BODY.substring(0, BODY.indexOf(" 2750") + 3)),
            "line ends after the bytes field"),
        arguments(
            named("garbage month", BODY.replace("Feb", "Foo")), "bad date '06/Foo/2009:12:14:14'"),
        arguments(named("day out of range", BODY.replace("06/Feb", "30/Feb")), "bad date"),
        arguments(
            named("29 Feb in non-leap year", BODY.replace("06/Feb/2009", "29/Feb/2009")),
            "bad date"),
        arguments(named("non-digit hour", BODY.replace(":12:14", ":1x:14")), "bad date"),
        arguments(named("hour 24", BODY.replace(":12:14:14", ":24:14:14")), "bad date"),
        arguments(
            named("garbage milliseconds", BODY.replace(".655]", ".6x5]")), "bad milliseconds"),
        arguments(
            named("date missing its closing bracket", BODY.replace("14.655]", "14 ")),
            "unterminated date"),
        arguments(
            named("double space after date", BODY.replace("] http-in", "]  http-in")),
            "empty frontend field"),
        arguments(
            named("missing backend/server slash", BODY.replace("static/srv1", "static-srv1")),
            "no backend/server field, got 'static-srv1'"),
        arguments(
            named("empty backend", BODY.replace("static/srv1", "/srv1")),
            "bad backend/server field"),
        arguments(
            named("empty server", BODY.replace("static/srv1", "static/")),
            "bad backend/server field"),
        arguments(
            named("backend/server field missing entirely", BODY.replace("static/srv1 ", "")),
            "bad backend/server field '10/0/30/69/109'"),
        arguments(
            named("tcplog three timers", BODY.replace("10/0/30/69/109", "0/30/109")),
            "expected 5 timers TR/Tw/Tc/Tr/Ta, got '0/30/109'"),
        arguments(
            named("six timers", BODY.replace("10/0/30/69/109", "1/10/0/30/69/109")),
            "expected 5 timers"),
        arguments(
            named("non-numeric timer", BODY.replace("10/0/30/69/109", "10/0/x/69/109")),
            "bad timer 'x'"),
        arguments(
            named("timer overflows int", BODY.replace("/109 ", "/99999999999 ")), "bad timer"),
        arguments(named("non-numeric status", BODY.replace(" 200 ", " 2x0 ")), "bad status '2x0'"),
        arguments(
            named("status out of range", BODY.replace(" 200 ", " 2000 ")), "bad status '2000'"),
        arguments(
            named("negative status other than -1", BODY.replace(" 200 ", " -2 ")),
            "bad status '-2'"),
        arguments(
            named("non-numeric bytes", BODY.replace(" 2750 ", " 27k0 ")), "bad bytes '27k0'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedLines")
  void rejectsMalformedLinesWithAReasonNamingTheProblem(String line, String reason) {
    assertThatThrownBy(() -> new HaproxyHttpLogParser().parse(line))
        .isInstanceOf(LineParseException.class)
        .hasMessageStartingWith("haproxy: ")
        .hasMessageContaining(reason);
  }

  @Test
  void readsTheDateInTheConfiguredZone() throws LineParseException {
    ZoneId newYork = ZoneId.of("America/New_York");
    long expected =
        LocalDateTime.of(2009, 2, 6, 12, 14, 14, 655_000_000)
            .atZone(newYork)
            .toInstant()
            .toEpochMilli();

    assertThat(new HaproxyHttpLogParser(newYork).parse(BODY).timestampMs())
        .isEqualTo(expected + 109);
    assertThat(new HaproxyHttpLogParser(ZoneOffset.ofHours(2)).parse(BODY).timestampMs())
        .isEqualTo(T - 2 * 3_600_000 + 109);
  }

  @Test
  void returnsTheSameStringInstancesForRepeatedNames() throws LineParseException {
    HaproxyHttpLogParser parser = new HaproxyHttpLogParser();
    ParsedRequest first = parser.parse(BODY);
    ParsedRequest second = parser.parse(BODY.replace("14.655", "15.001"));

    assertThat(second.pool()).isSameAs(first.pool());
    assertThat(second.server()).isSameAs(first.server());
    assertThat(second.frontend()).isSameAs(first.frontend());
  }

  @Test
  void reportsItsFormatName() {
    assertThat(new HaproxyHttpLogParser().formatName()).isEqualTo("haproxy");
  }
}
