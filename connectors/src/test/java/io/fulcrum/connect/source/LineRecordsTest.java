package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class LineRecordsTest {
  private static final Path FILE = Path.of("/var/log/nginx/access.log");
  private static final String NGINX =
      "time=1773478801.250 pool=be_api upstream=\"10.0.0.7:8080\" status=502 "
          + "request_time=0.050 bytes=99 host=shop.example";
  private final TailStats stats = new TailStats();

  private LineRecords records(String... kv) {
    Map<String, String> p = new HashMap<>(Map.of("files", FILE.toString()));
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return new LineRecords(AccessLogSourceConfig.from(p), stats);
  }

  private static LineReader.Line line(String text) {
    return new LineReader.Line(
        text, new TailPosition("(dev=1,ino=2)", 300, new Fingerprint(10, 77)));
  }

  @Test
  void rawModeEmitsTheLineWithItsFileAndPositionAsTheSourceOffset() {
    SourceRecord r = records().toRecord(FILE, line("any text at all"));
    assertThat(r.value()).isEqualTo("any text at all");
    assertThat(r.topic()).isEqualTo("fulcrum.access-logs");
    assertThat(r.sourcePartition()).isEqualTo(Map.of("path", FILE.toString()));
    assertThat(TailPosition.fromOffset(r.sourceOffset())).isEqualTo(line("x").next());
  }

  @Test
  void avroModeEmitsARequestEventStructAtItsEventTime() {
    SourceRecord r =
        records("output.mode", "avro", "format", "nginx", "pool.override", "api")
            .toRecord(FILE, line(NGINX));
    Struct v = (Struct) r.value();
    assertThat(v.schema().name()).isEqualTo("io.fulcrum.avro.RequestEvent");
    assertThat(List.of(v.get("pool"), v.get("server"), v.get("status"), v.get("latencyMs")))
        .containsExactly("api", "10.0.0.7:8080", 502, 50);
    assertThat(r.timestamp()).isEqualTo(1773478801200L);
    assertThat(r.topic()).isEqualTo("fulcrum.requests");
  }

  @Test
  void aLineThatDoesNotParseIsSkippedAndCountedOrFailsTheTaskWhenAskedTo() {
    assertThat(records("output.mode", "avro", "format", "nginx").toRecord(FILE, line("garbage")))
        .isNull();
    assertThat(stats.unparsedLines).hasValue(1);
    assertThatThrownBy(
            () ->
                records("output.mode", "avro", "format", "nginx", "parse.error.policy", "fail")
                    .toRecord(FILE, line("garbage")))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(FILE + " byte 300")
        .hasMessageContaining("parse.error.policy=fail");
  }

  @Test
  void offsetsCanBeAlteredOnlyToWellFormedPositions() {
    AccessLogSourceConnector c = new AccessLogSourceConnector();
    Map<String, String> config = Map.of("files", FILE.toString());
    assertThat(
            c.alterOffsets(
                config, Map.of(Map.of("path", FILE.toString()), line("x").next().toOffset())))
        .isTrue();
    Map<Map<String, ?>, Map<String, ?>> reset = new HashMap<>();
    reset.put(Map.of("path", FILE.toString()), null);
    assertThat(c.alterOffsets(config, reset)).isTrue();
    assertThatThrownBy(
            () ->
                c.alterOffsets(
                    config, Map.of(Map.of("path", FILE.toString()), Map.of("position", 5L))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("expected keys");
    assertThatThrownBy(
            () -> c.alterOffsets(config, Map.of(Map.of("file", "x"), line("x").next().toOffset())))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("source partition");
  }
}
