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

class JsonLinesParserTest {

  private static final long T = Instant.parse("2026-03-14T09:00:00.123Z").toEpochMilli();
  private static final ParsedRequest FULL =
      new ParsedRequest(T, "be_web", "web-1", 200, 12, 512, "fe");

  static Stream<Arguments> validLines() {
    return Stream.of(
        arguments(
            named(
                "ISO timestamp, all fields",
                "{\"timestamp\":\"2026-03-14T09:00:00.123Z\",\"pool\":\"be_web\","
                    + "\"server\":\"web-1\",\"status\":200,\"latencyMs\":12,\"bytes\":512,\"frontend\":\"fe\"}"),
            FULL),
        arguments(
            named(
                "epoch-millis timestamp, other order",
                "{\"frontend\":\"fe\",\"bytes\":512,\"latencyMs\":12,"
                    + "\"status\":200,\"server\":\"web-1\",\"pool\":\"be_web\",\"timestamp\":"
                    + T
                    + "}"),
            FULL),
        arguments(
            named(
                "ISO timestamp with offset",
                "{\"timestamp\":\"2026-03-14T10:00:00.123+01:00\","
                    + "\"pool\":\"be_web\",\"server\":\"web-1\",\"status\":200,\"latencyMs\":12,\"bytes\":512,"
                    + "\"frontend\":\"fe\"}"),
            FULL),
        arguments(
            named(
                "null server means no server chosen",
                "{\"timestamp\":" + T + ",\"pool\":\"be_web\",\"server\":null,\"status\":503}"),
            new ParsedRequest(T, "be_web", null, 503, 0, 0, null)),
        arguments(
            named(
                "only required fields gives defaults",
                "{\"timestamp\":" + T + ",\"pool\":\"be_web\",\"status\":200}"),
            new ParsedRequest(T, "be_web", null, 200, 0, 0, null)),
        arguments(
            named(
                "unknown fields including nested ones skipped",
                "  {\"timestamp\":"
                    + T
                    + ",\"trace\":{\"id\":\"a\",\"tags\":[1,{\"x\":2}]},\"pool\":\"be_web\",\"extra\":[],"
                    + "\"status\":200,\"note\":null}\r\n"),
            new ParsedRequest(T, "be_web", null, 200, 0, 0, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validLines")
  void parsesValidLines(String line, ParsedRequest expected) throws LineParseException {
    assertThat(new JsonLinesParser().parse(line)).isEqualTo(expected);
  }

  static Stream<Arguments> malformedLines() {
    String ok = "{\"timestamp\":" + T + ",\"pool\":\"be_web\",\"status\":200}";
    return Stream.of(
        arguments(named("empty line", ""), "empty line"),
        arguments(named("null line", null), "empty line"),
        arguments(named("truncated JSON", ok.substring(0, 30)), "bad JSON"),
        arguments(named("not JSON", "time=1 pool=a"), "bad JSON"),
        arguments(named("array instead of object", "[" + ok + "]"), "expected a JSON object"),
        arguments(named("two objects on one line", ok + " " + ok), "trailing content"),
        arguments(
            named("missing timestamp", ok.replace("\"timestamp\":" + T + ",", "")),
            "missing field 'timestamp'"),
        arguments(
            named("missing pool", ok.replace("\"pool\":\"be_web\",", "")), "missing field 'pool'"),
        arguments(
            named("missing status", ok.replace(",\"status\":200", "")), "missing field 'status'"),
        arguments(
            named("null pool", ok.replace("\"be_web\"", "null")),
            "pool must be a non-empty string"),
        arguments(named("numeric pool", ok.replace("\"be_web\"", "7")), "pool must be a string"),
        arguments(
            named("status as string", ok.replace("200", "\"200\"")), "status must be an integer"),
        arguments(
            named("status as fraction", ok.replace("200", "200.5")), "status must be an integer"),
        arguments(named("null status", ok.replace("200", "null")), "status must be an integer"),
        arguments(named("status out of range", ok.replace("200", "1000")), "status out of range"),
        arguments(
            named("boolean timestamp", ok.replace(String.valueOf(T), "true")),
            "timestamp must be an ISO-8601 string or epoch-millis integer"),
        arguments(
            named(
                "timestamp without zone", ok.replace(String.valueOf(T), "\"2026-03-14T09:00:00\"")),
            "bad timestamp '2026-03-14T09:00:00'"),
        arguments(
            named(
                "huge timestamp", ok.replace(String.valueOf(T), "123456789012345678901234567890")),
            "timestamp must be"),
        arguments(
            named("negative latency", ok.replace("}", ",\"latencyMs\":-5}")),
            "latencyMs out of range"),
        arguments(
            named("latency above int range", ok.replace("}", ",\"latencyMs\":3000000000}")),
            "latencyMs out of range"),
        arguments(
            named("bytes as string", ok.replace("}", ",\"bytes\":\"12\"}")),
            "bytes must be an integer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedLines")
  void rejectsMalformedLinesWithAReasonNamingTheProblem(String line, String reason) {
    assertThatThrownBy(() -> new JsonLinesParser().parse(line))
        .isInstanceOf(LineParseException.class)
        .hasMessageStartingWith("jsonl: ")
        .hasMessageContaining(reason);
  }

  @Test
  void reportsItsFormatName() {
    assertThat(new JsonLinesParser().formatName()).isEqualTo("jsonl");
  }
}
