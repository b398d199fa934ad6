package io.fulcrum.actuator.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"be_web", "v41", "v41.2-rc_1", "web-1", "A.b-C_9"})
  void acceptsPlainNames(String name) {
    assertThat(Names.problem("version", name)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "../v1",
        "v1/../../x",
        "a/b",
        "a\\b",
        ".hidden",
        "v1..v2",
        "v 1",
        "v1;rm",
        "v1\nforged log line",
        "$(reboot)",
        "`id`",
        "v1|sh",
        "ü"
      })
  void rejectsNamesThatCouldLeaveTheStoreOrReachAShell(String name) {
    assertThat(Names.problem("version", name)).startsWith("version").doesNotContain("\n");
  }

  @org.junit.jupiter.api.Test
  void rejectsOverlongNames() {
    assertThat(Names.problem("pool", "p".repeat(Names.MAX_LENGTH))).isNull();
    assertThat(Names.problem("pool", "p".repeat(Names.MAX_LENGTH + 1)))
        .contains("not a valid name");
  }
}
