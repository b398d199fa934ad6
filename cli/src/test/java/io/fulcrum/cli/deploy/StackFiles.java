package io.fulcrum.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The repository's deployment files (docker-compose.yml, deploy/...) and the programs that check
 * them.
 */
final class StackFiles {
  static final YAMLMapper YAML = new YAMLMapper();

  private StackFiles() {}

  /** The repository root: the nearest directory upwards holding docker-compose.yml. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
  }

  static Path file(String relative) {
    Path p = root().resolve(relative);
    assertThat(p).as(relative).exists();
    return p;
  }

  static JsonNode yaml(Path file) throws IOException {
    return YAML.readTree(file.toFile());
  }

  static Properties properties(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    return p;
  }

  /** One line of deploy/kafka/topics.txt. */
  record TopicSpec(String name, int partitions, Map<String, String> configs) {}

  /**
   * The topics kafka-init creates, in file order; the same rules as deploy/kafka/create-topics.sh.
   */
  static Map<String, TopicSpec> topics(Path topicsFile) throws IOException {
    Map<String, TopicSpec> topics = new LinkedHashMap<>();
    for (String line : Files.readAllLines(topicsFile)) {
      String[] f = line.trim().split("\\s+");
      if (f[0].isEmpty() || f[0].startsWith("#")) {
        continue;
      }
      Map<String, String> configs = new LinkedHashMap<>();
      Arrays.stream(f, 2, f.length)
          .map(c -> c.split("=", 2))
          .forEach(kv -> configs.put(kv[0], kv[1]));
      topics.put(f[0], new TopicSpec(f[0], Integer.parseInt(f[1]), configs));
    }
    return topics;
  }

  record Result(int exit, String out, String err) {
    String describe() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /**
   * Runs a program in the repository root with extra environment variables, {@code null} values
   * removing a variable. Output goes through files in {@code tmp}, so neither stream can block the
   * process.
   */
  static Result run(List<String> command, Map<String, String> env, Path tmp, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(root().toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    env.forEach(
        (k, v) -> {
          if (v == null) {
            pb.environment().remove(k);
          } else {
            pb.environment().put(k, v);
          }
        });
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          command + " did not finish within " + timeout + "; stderr:\n" + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
