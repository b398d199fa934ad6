package io.fulcrum.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NginxUpstreamLogParserTest {

  private static final String LINE =
      "time=1718031600.123 pool=be_web upstream=\"10.0.0.1:8080\" status=200 "
          + "request_time=0.153 bytes=512 host=shop.example.com";
  private static final long T = Instant.parse("2024-06-10T15:00:00.123Z").toEpochMilli();
  private static final ParsedRequest EXPECTED =
      new ParsedRequest(T, "be_web", "10.0.0.1:8080", 200, 153, 512, "shop.example.com");

  private static String withUpstream(String upstream) {
    return LINE.replace("\"10.0.0.1:8080\"", upstream);
  }

  private static ParsedRequest withServer(String server) {
    return new ParsedRequest(T, "be_web", server, 200, 153, 512, "shop.example.com");
  }

  static Stream<Arguments> validLines() {
    return Stream.of(
        arguments(named("documented format", LINE), EXPECTED),
        arguments(named("trailing newline", LINE + "\n"), EXPECTED),
        arguments(
            named(
                "keys in another order",
                "host=shop.example.com bytes=512 status=200 "
                    + "upstream=\"10.0.0.1:8080\" request_time=0.153 pool=be_web time=1718031600.123"),
            EXPECTED),
        arguments(
            named(
                "unknown keys and syslog prefix ignored",
                "<190>Jun 10 15:00:00 web1 nginx: " + LINE + " ua=\"curl/8.0 (x=1)\" rid=abc"),
            EXPECTED),
        arguments(
            named(
                "retries list picks the last server",
                withUpstream("\"10.0.0.1:8080, 10.0.0.2:8080, 10.0.0.3:8080\"")),
            withServer("10.0.0.3:8080")),
        arguments(
            named(
                "internal redirect list picks the last server",
                withUpstream("\"10.0.0.1:8080, 10.0.0.2:8080 : 10.0.0.9:9000\"")),
            withServer("10.0.0.9:9000")),
        arguments(
            named("no live upstreams logs the group name", withUpstream("\"be_web\"")),
            withServer(null)),
        arguments(
            named("retry then no live upstreams", withUpstream("\"10.0.0.1:8080, be_web\"")),
            withServer(null)),
        arguments(named("dash upstream", withUpstream("\"-\"")), withServer(null)),
        arguments(named("empty upstream", withUpstream("\"\"")), withServer(null)),
        arguments(named("unquoted upstream", withUpstream("10.0.0.1:8080")), EXPECTED),
        arguments(
            named("IPv6 upstream", withUpstream("\"[2001:db8::1]:8080\"")),
            withServer("[2001:db8::1]:8080")),
        arguments(
            named("unix socket upstream", withUpstream("\"unix:/run/app.sock\"")),
            withServer("unix:/run/app.sock")),
        arguments(
            named("long request time", LINE.replace("request_time=0.153", "request_time=12.5")),
            new ParsedRequest(T, "be_web", "10.0.0.1:8080", 200, 12_500, 512, "shop.example.com")),
        arguments(
            named(
                "only required keys gives defaults", "time=1718031600.123 pool=be_web status=502"),
            new ParsedRequest(T, "be_web", null, 502, 0, 0, null)),
        arguments(
            named("dash host gives null frontend", LINE.replace("host=shop.example.com", "host=-")),
            new ParsedRequest(T, "be_web", "10.0.0.1:8080", 200, 153, 512, null)),
        arguments(
            named("whole-second time", LINE.replace("time=1718031600.123", "time=1718031600")),
            new ParsedRequest(
                T - 123, "be_web", "10.0.0.1:8080", 200, 153, 512, "shop.example.com")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validLines")
  void parsesValidLines(String line, ParsedRequest expected) throws LineParseException {
    // $msec is logged when the request ends; the event time is the accept time, msec -
    // request_time.
    ParsedRequest accepted =
        new ParsedRequest(
            expected.timestampMs() - expected.latencyMs(),
            expected.pool(),
            expected.server(),
            expected.status(),
            expected.latencyMs(),
            expected.bytes(),
            expected.frontend());
    assertThat(new NginxUpstreamLogParser().parse(line)).isEqualTo(accepted);
  }

  static Stream<Arguments> malformedLines() {
    return Stream.of(
        arguments(named("empty line", ""), "empty line"),
        arguments(named("null line", null), "empty line"),
        arguments(named("garbage without keys", "hello world"), "missing key 'time'"),
        arguments(
            named("missing time", LINE.replace("time=1718031600.123 ", "")), "missing key 'time'"),
        arguments(named("missing pool", LINE.replace("pool=be_web ", "")), "missing key 'pool'"),
        arguments(named("missing status", LINE.replace("status=200 ", "")), "missing key 'status'"),
        arguments(
            named("truncated line", LINE.substring(0, LINE.indexOf("8080"))),
            "unterminated quote in value of 'upstream'"),
        arguments(
            named("non-numeric time", LINE.replace("1718031600.123", "yesterday")),
            "bad time 'yesterday'"),
        arguments(
            named("time with empty fraction", LINE.replace("1718031600.123", "1718031600.")),
            "bad time"),
        arguments(
            named("non-numeric status", LINE.replace("status=200", "status=OK")),
            "bad status 'OK'"),
        arguments(
            named("status out of range", LINE.replace("status=200", "status=1000")), "bad status"),
        arguments(named("bad request_time", LINE.replace("0.153", "-")), "bad request_time '-'"),
        arguments(
            named("non-numeric bytes", LINE.replace("bytes=512", "bytes=5k")), "bad bytes '5k'"),
        arguments(named("empty pool", LINE.replace("pool=be_web", "pool=")), "empty pool"));
  }

  @Test
  void skipsARequestNginxDidNotProxy() throws Exception {
    assertThat(new NginxUpstreamLogParser().parse(LINE.replace("pool=be_web", "pool=-"))).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedLines")
  void rejectsMalformedLinesWithAReasonNamingTheProblem(String line, String reason) {
    assertThatThrownBy(() -> new NginxUpstreamLogParser().parse(line))
        .isInstanceOf(LineParseException.class)
        .hasMessageStartingWith("nginx: ")
        .hasMessageContaining(reason);
  }

  @Test
  void reportsItsFormatName() {
    assertThat(new NginxUpstreamLogParser().formatName()).isEqualTo("nginx");
  }
}
