package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TailPositionTest {

  @Test
  void survivesTheOffsetMapRoundTripWhateverNumberTypeComesBack() {
    TailPosition p = new TailPosition("(dev=803,ino=42)", 1234, new Fingerprint(64, 0xCAFEBABEL));
    assertThat(TailPosition.fromOffset(p.toOffset())).isEqualTo(p);
    // Connect's JSON offset store may hand small numbers back as Integer.
    assertThat(
            TailPosition.fromOffset(
                Map.of(
                    "file",
                    "(dev=803,ino=42)",
                    "position",
                    1234,
                    "fp.length",
                    64,
                    "fp.crc",
                    0xCAFEBABEL)))
        .isEqualTo(p);
  }

  @Test
  void noOffsetMeansNoPosition() {
    assertThat(TailPosition.fromOffset(null)).isNull();
    assertThat(TailPosition.fromOffset(Map.of())).isNull();
  }

  @Test
  void rejectsAnOffsetItDidNotWrite() {
    assertThatThrownBy(() -> TailPosition.fromOffset(Map.of("position", 3L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected keys file, position");
    assertThatThrownBy(
            () ->
                TailPosition.fromOffset(
                    Map.of("file", "k", "position", 3L, "fp.length", 65L, "fp.crc", 1L)))
        .hasMessageContaining("fp.length");
    assertThatThrownBy(
            () ->
                TailPosition.fromOffset(
                    Map.of("file", "k", "position", -1L, "fp.length", 0L, "fp.crc", 0L)))
        .hasMessageContaining("negative");
  }
}
