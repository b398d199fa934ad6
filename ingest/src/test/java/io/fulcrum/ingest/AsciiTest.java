package io.fulcrum.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AsciiTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "007, 7",
    "2750, 2750",
    "999999999999999999, 999999999999999999",
    "1000000000000000000, -1",
    "'', -1",
    "12a, -1",
    "-1, -1",
    "+1, -1"
  })
  void digitsParsesUnsignedDecimalsOrReturnsMinusOne(String text, long expected) {
    assertThat(Ascii.digits(text, 0, text.length())).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "0.153, 153",
    "12.5, 12500",
    "12, 12000",
    "1718031600.123, 1718031600123",
    "0.0009, 0",
    "1.23456, 1234",
    "'', -1",
    "., -1",
    ".5, -1",
    "1., -1",
    "1.x, -1",
    "1.2.3, -1",
    "-0.1, -1",
    "9223372036854776, -1"
  })
  void decimalMillisUsesIntegerArithmeticAndTruncatesExtraDecimals(String text, long expected) {
    assertThat(Ascii.decimalMillis(text, 0, text.length())).isEqualTo(expected);
  }

  @Test
  void snippetShortensLongValues() {
    assertThat(Ascii.snippet("x".repeat(100), 0, 100)).hasSize(40 + 5).endsWith("...'");
    assertThat(Ascii.snippet("abc", 0, 10)).isEqualTo("'abc'");
  }

  @Test
  void stringCacheReturnsTheCachedInstanceForAnEqualRegion() {
    StringCache cache = new StringCache(8);
    String first = cache.get("pool=be_web x", 5, 11);
    String second = cache.get("be_web", 0, 6);

    assertThat(first).isEqualTo("be_web");
    assertThat(second).isSameAs(first);
    assertThat(cache.get("be_api", 0, 6)).isEqualTo("be_api");
  }
}
