package io.fulcrum.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8NamesTest {
  private final Utf8Names names = new Utf8Names(64);

  @Test
  void decodesAnyRegionOfTheBufferAndHandsOutOneInstancePerName() {
    byte[] a = "xxpool-web-eu-1yy".getBytes(StandardCharsets.UTF_8);
    byte[] b = "pool-web-eu-1".getBytes(StandardCharsets.UTF_8);
    String first = names.get(a, 2, 13);
    assertThat(first).isEqualTo("pool-web-eu-1");
    assertThat(names.get(b, 0, b.length)).isSameAs(first);
  }

  @Test
  void namesOfEveryLengthAndMultiByteCharactersDecodeExactly() {
    for (String s :
        new String[] {
          "", "a", "srv-ß", "ünïcødé-pööl-0001", "exactly8", "sixteen-bytes-16", "x".repeat(200)
        }) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      assertThat(names.get(utf8, 0, utf8.length)).isEqualTo(s);
      assertThat(names.get(utf8, 0, utf8.length)).isEqualTo(s);
    }
  }

  @Test
  void manyNamesInFewSlotsStillDecodeCorrectly() {
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 1_000; i++) {
        byte[] utf8 = ("server-" + i).getBytes(StandardCharsets.UTF_8);
        assertThat(names.get(utf8, 0, utf8.length)).isEqualTo("server-" + i);
      }
    }
  }
}
