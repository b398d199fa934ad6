package io.fulcrum.app;

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
 * The container image's {@code run --config FILE}: the words and exit codes of {@code ./fulcrum
 * run}.
 */
class StreamsAppMainTest {
  private static final Map<String, String> SECRET =
      Map.of("FULCRUM_SIGNING_SECRET", "0123456789abcdef0123");
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void runWithAConfigMissingTheBrokerFailsWithTheCliOneLineReason(@TempDir Path dir)
      throws Exception {
    Path config =
        Files.writeString(dir.resolve("fulcrum.properties"), "schema.registry.url=mock://t\n");

    int code =
        StreamsAppMain.runCommand(new String[] {"--config", config.toString()}, SECRET, stream());

    assertThat(code).isEqualTo(2);
    assertThat(text())
        .startsWith("fulcrum run: bootstrap.servers: is required")
        .doesNotContain("Exception");
  }

  @Test
  void runTakesTheConfigAsOneEqualsArgumentToo(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(dir.resolve("fulcrum.properties"), "bootstrap.servers=localhost:1\n");

    int code = StreamsAppMain.runCommand(new String[] {"--config=" + config}, SECRET, stream());

    assertThat(code).isEqualTo(2);
    assertThat(text()).startsWith("fulcrum run: schema.registry.url: is required");
  }

  @Test
  void runWithUnknownArgumentsPrintsTheUsage() throws Exception {
    int code = StreamsAppMain.runCommand(new String[] {"--conf", "x"}, Map.of(), stream());

    assertThat(code).isEqualTo(2);
    assertThat(text()).isEqualTo("usage: run [--config FILE]" + System.lineSeparator());
  }

  private PrintStream stream() {
    return new PrintStream(err, true, StandardCharsets.UTF_8);
  }

  private String text() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
