package io.fulcrum.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowKeysTest {
  @Test
  void windowStartIsZeroPaddedToNineteenDigitsSoThatKeysSortByTime() {
    assertThat(WindowKeys.key("web", 1_700_000_000_000L, "web-1"))
        .isEqualTo("web\u00000000001700000000000\u0000web-1");
    assertThat(WindowKeys.key("web", 0L, null)).isEqualTo("web\u00000000000000000000000\u0000");
    for (long start : new long[] {1L, 10_000L, 1_780_000_000_000L, -10_000L}) {
      // Stores written before keep their keys: the same text as the format they were written with.
      assertThat(WindowKeys.windowPrefix("p", start))
          .isEqualTo("p\u0000" + String.format("%019d", start) + "\u0000");
    }
    assertThat(WindowKeys.windowPrefix("web", Long.MAX_VALUE))
        .isEqualTo("web\u0000" + Long.MAX_VALUE + "\u0000");
    assertThat(WindowKeys.key("web", 9_990_000L, "s"))
        .isLessThan(WindowKeys.key("web", 10_000_000L, "s"));
  }

  @Test
  void keysOfOneWindowFallInItsPrefixRangeAndGiveTheServerBack() {
    String prefix = WindowKeys.windowPrefix("web", 20_000L);
    String key = WindowKeys.key("web", 20_000L, "web-7");
    assertThat(key).startsWith(prefix).isLessThan(prefix + WindowKeys.END);
    assertThat(WindowKeys.server(key)).isEqualTo("web-7");
    assertThat(WindowKeys.server(WindowKeys.key("web", 20_000L, null))).isNull();
  }
}
