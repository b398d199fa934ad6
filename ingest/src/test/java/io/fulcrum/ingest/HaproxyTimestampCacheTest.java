package io.fulcrum.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One parser instance fed a sequence of lines, so every line exercises the cached-date path or its
 * miss.
 */
class HaproxyTimestampCacheTest {

  private static final DateTimeFormatter HAPROXY_DATE =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH);

  /** The line's Ta: event time is the accept date plus it, when the line was written. */
  private static final long TA = 109;

  private static String line(LocalDateTime t) {
    return "10.0.1.2:33317 ["
        + HAPROXY_DATE.format(t)
        + "] http-in static/srv1 10/0/30/69/109 200 2750 - - "
        + "---- 1/1/1/1/0 0/0 \"GET / HTTP/1.1\"";
  }

  private static LocalDateTime at(String iso) {
    return LocalDateTime.parse(iso);
  }

  static Stream<List<LocalDateTime>> sequences() {
    return Stream.of(
        // same second twice, then second, minute, hour and day boundaries
        List.of(
            at("2024-06-10T23:58:58.001"),
            at("2024-06-10T23:58:58.999"),
            at("2024-06-10T23:58:59.000"),
            at("2024-06-10T23:59:00.000"),
            at("2024-06-10T23:59:59.999"),
            at("2024-06-11T00:00:00.000")),
        // month, leap-day and year boundaries
        List.of(
            at("2024-02-28T23:59:59.500"),
            at("2024-02-29T00:00:00.000"),
            at("2024-02-29T23:59:59.999"),
            at("2024-03-01T00:00:00.001"),
            at("2024-12-31T23:59:59.999"),
            at("2025-01-01T00:00:00.000")),
        // lines going backwards in time, and repeating an earlier second after a miss
        List.of(
            at("2024-06-11T00:00:01.000"),
            at("2024-06-10T23:59:59.999"),
            at("2024-06-11T00:00:01.500"),
            at("2024-06-11T00:00:00.250"),
            at("2023-06-11T00:00:00.250"),
            at("2024-06-11T00:00:01.750")),
        // two interleaved sources a minute apart: every line misses the cache
        List.of(
            at("2024-06-10T12:00:00.100"),
            at("2024-06-10T12:01:00.100"),
            at("2024-06-10T12:00:00.200"),
            at("2024-06-10T12:01:00.200"),
            at("2024-06-10T12:00:01.300"),
            at("2024-06-10T12:01:01.300")));
  }

  @ParameterizedTest
  @MethodSource("sequences")
  void cachedDatesGiveExactMillisAcrossBoundariesAndBackwardsTime(List<LocalDateTime> times)
      throws LineParseException {
    HaproxyHttpLogParser parser = new HaproxyHttpLogParser();
    for (LocalDateTime t : times) {
      assertThat(parser.parse(line(t)).timestampMs())
          .as("%s", t)
          .isEqualTo(t.toInstant(ZoneOffset.UTC).toEpochMilli() + TA);
    }
  }

  @Test
  void cachedDatesFollowDaylightSavingTransitionsInTheConfiguredZone() throws LineParseException {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    HaproxyHttpLogParser parser = new HaproxyHttpLogParser(berlin);
    // 2024-03-31 02:00 local does not exist in Berlin: clocks jump from 01:59:59 CET to 03:00:00
    // CEST.
    for (LocalDateTime t :
        List.of(
            at("2024-03-31T01:59:59.999"),
            at("2024-03-31T03:00:00.000"),
            at("2024-10-27T01:59:59.999"),
            at("2024-10-27T03:00:00.000"))) {
      assertThat(parser.parse(line(t)).timestampMs())
          .as("%s", t)
          .isEqualTo(t.atZone(berlin).toInstant().toEpochMilli() + TA);
    }
  }

  @Test
  void aRejectedDateDoesNotPoisonTheCache() throws LineParseException {
    HaproxyHttpLogParser parser = new HaproxyHttpLogParser();
    LocalDateTime t = at("2024-06-10T12:00:00.100");
    parser.parse(line(t));

    assertThatThrownBy(() -> parser.parse(line(t).replace("Jun", "Jux")))
        .isInstanceOf(LineParseException.class)
        .hasMessageContaining("bad date");
    assertThat(parser.parse(line(t.plusNanos(5_000_000))).timestampMs())
        .isEqualTo(t.plusNanos(5_000_000).toInstant(ZoneOffset.UTC).toEpochMilli() + TA);
  }
}
