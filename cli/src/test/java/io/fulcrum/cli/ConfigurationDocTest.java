package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.FulcrumSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every key of the Streams app with its real default. */
class ConfigurationDocTest {
  static final String TOPIC = "fulcrum.topic.";

  @Test
  void everyStreamsAppKeyIsDocumentedWithItsDefault() throws IOException {
    List<String> rows =
        Files.readAllLines(Path.of("..", "docs", "configuration.md")).stream()
            .filter(l -> l.startsWith("| `"))
            .toList();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : FulcrumSettings.DEFAULTS.entrySet()) {
      String key = e.getKey();
      String row =
          key.startsWith(TOPIC)
              ? rows.stream()
                  .filter(
                      r ->
                          r.startsWith("| `" + TOPIC + "<")
                              && r.contains(key.substring(TOPIC.length())))
                  .findFirst()
                  .orElse(null)
              : rows.stream().filter(r -> r.startsWith("| `" + key + "`")).findFirst().orElse(null);
      if (row == null) {
        problems.add(key + " has no row");
      } else if (key.startsWith(TOPIC)
          ? !row.contains("`fulcrum.<name>`")
          : e.getValue() != null && !row.contains("| `" + e.getValue() + "` |")) {
        problems.add(key + " does not show its default " + e.getValue() + ": " + row);
      }
    }
    assertThat(problems).isEmpty();
  }
}
