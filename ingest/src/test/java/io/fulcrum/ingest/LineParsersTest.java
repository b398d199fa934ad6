package io.fulcrum.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LineParsersTest {

  @ParameterizedTest
  @CsvSource({
    "haproxy, io.fulcrum.ingest.HaproxyHttpLogParser",
    "nginx,   io.fulcrum.ingest.NginxUpstreamLogParser",
    "jsonl,   io.fulcrum.ingest.JsonLinesParser",
    "HAProxy, io.fulcrum.ingest.HaproxyHttpLogParser"
  })
  void createsTheParserForEachFormatName(String name, String className) {
    LineParser parser = LineParsers.forFormat(name, ZoneOffset.UTC);

    assertThat(parser.getClass().getName()).isEqualTo(className);
    assertThat(parser.formatName()).isEqualTo(name.toLowerCase());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"apache", "json", "haproxy2"})
  void rejectsUnknownFormatNamesListingTheValidOnes(String name) {
    assertThatThrownBy(() -> LineParsers.forFormat(name, ZoneOffset.UTC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown log format")
        .hasMessageContaining("haproxy, nginx, jsonl");
  }

  @Test
  void returnsAFreshInstancePerCallBecauseParsersAreNotThreadSafe() {
    assertThat(LineParsers.forFormat("haproxy", ZoneOffset.UTC))
        .isNotSameAs(LineParsers.forFormat("haproxy", ZoneOffset.UTC));
  }

  @Test
  void passesTheZoneToTheHaproxyParserAndDefaultsNullToUtc() throws LineParseException {
    String line =
        "10.0.1.2:33317 [01/Jan/2024:00:00:00.000] fe be/s1 0/0/0/0/5 200 10 - - ---- 0/0/0/0/0 0/0 \"GET /\"";

    assertThat(LineParsers.forFormat("haproxy", null).parse(line).timestampMs())
        .isEqualTo(1_704_067_200_000L + 5); // + Ta
    assertThat(LineParsers.forFormat("haproxy", ZoneId.of("Asia/Tokyo")).parse(line).timestampMs())
        .isEqualTo(1_704_067_200_000L - 9 * 3_600_000L + 5);
  }
}
