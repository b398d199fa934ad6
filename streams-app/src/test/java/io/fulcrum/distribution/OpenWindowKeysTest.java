package io.fulcrum.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenWindowKeysTest {
  @Test
  void windowStartIsZeroPaddedToNineteenDigitsSoThatKeysSortByTime() {
    assertThat(OpenWindowKeys.key("web", 1_700_000_000_000L, "web-1")).isEqualTo("web\u00000000001700000000000\u0000web-1");
    assertThat(OpenWindowKeys.key("web", 0L, null)).isEqualTo("web\u00000000000000000000000\u0000");
    for (long start : new long[] {1L, 10_000L, 1_780_000_000_000L, -10_000L}) {
      // Stores written before keep their keys: the same text as the format they were written with.
      assertThat(OpenWindowKeys.windowPrefix("p", start)).isEqualTo("p\u0000" + String.format("%019d", start) + "\u0000");
    }
    assertThat(OpenWindowKeys.windowPrefix("web", Long.MAX_VALUE)).isEqualTo("web\u0000" + Long.MAX_VALUE + "\u0000");
    assertThat(OpenWindowKeys.key("web", 9_990_000L, "s")).isLessThan(OpenWindowKeys.key("web", 10_000_000L, "s"));
  }

  @Test
  void keysOfOneWindowFallInItsPrefixRangeAndGiveTheServerBack() {
    String prefix = OpenWindowKeys.windowPrefix("web", 20_000L);
    String key = OpenWindowKeys.key("web", 20_000L, "web-7");
    assertThat(key).startsWith(prefix).isLessThan(prefix + OpenWindowKeys.END);
    assertThat(OpenWindowKeys.server(key)).isEqualTo("web-7");
    assertThat(OpenWindowKeys.server(OpenWindowKeys.key("web", 20_000L, null))).isNull();
  }
}
