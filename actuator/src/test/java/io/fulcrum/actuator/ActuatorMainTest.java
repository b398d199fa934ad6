package io.fulcrum.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image's {@code actuator --config FILE}: the words and exit codes of {@code
 * ./fulcrum actuator}.
 */
class ActuatorMainTest {
  private static final Map<String, String> SECRET =
      Map.of("FULCRUM_SIGNING_SECRET", "0123456789abcdef0123");
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void actuatorWithAConfigMissingTheBrokerFailsWithTheCliOneLineReason(@TempDir Path dir)
      throws Exception {
    Path config =
        Files.writeString(dir.resolve("fulcrum.properties"), "schema.registry.url=mock://t\n");

    int code = ActuatorMain.command(new String[] {"--config", config.toString()}, SECRET, stream());

    assertThat(code).isEqualTo(2);
    assertThat(text())
        .startsWith("fulcrum actuator: bootstrap.servers: is required")
        .doesNotContain("Exception");
  }

  @Test
  void actuatorWithUnknownArgumentsPrintsTheUsage() throws Exception {
    int code = ActuatorMain.command(new String[] {"run"}, SECRET, stream());

    assertThat(code).isEqualTo(2);
    assertThat(text()).isEqualTo("usage: actuator [--config FILE]" + System.lineSeparator());
  }

  private PrintStream stream() {
    return new PrintStream(err, true, StandardCharsets.UTF_8);
  }

  private String text() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
