package io.fulcrum.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.testkit.KafkaClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-init's script (deploy/kafka/create-topics.sh) against a real broker with auto-creation off,
 * run with Kafka's own TopicCommand (what kafka-topics.sh runs in the apache/kafka image). The
 * topic list is the compose stack's, with names prefixed so the shared test broker stays clean.
 */
class TopicInitScriptIT {
  @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

  @TempDir Path tmp;

  @Test
  void createsEveryListedTopicWithItsPartitionsAndConfigsAndLeavesThemAloneOnARerun()
      throws Exception {
    String prefix = KAFKA.uniqueName("init") + ".";
    Map<String, StackFiles.TopicSpec> listed =
        StackFiles.topics(StackFiles.file("deploy/kafka/topics.txt"));
    Path topicsFile =
        Files.writeString(
            tmp.resolve("topics.txt"),
            "# prefixed copy\n\n"
                + listed.values().stream()
                    .map(
                        t ->
                            prefix
                                + t.name()
                                + " "
                                + t.partitions()
                                + " "
                                + t.configs().entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .collect(Collectors.joining(" ")))
                    .collect(Collectors.joining("\n"))
                + "\n");
    Map<String, String> env = new HashMap<>();
    env.put("BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
    env.put("TOPICS_FILE", topicsFile.toString());
    env.put("KAFKA_BIN", kafkaBin().toString());
    List<String> script =
        List.of("bash", StackFiles.file("deploy/kafka/create-topics.sh").toString());

    StackFiles.Result first = StackFiles.run(script, env, tmp, Duration.ofMinutes(3));
    assertThat(first.exit()).as(first.describe()).isZero();

    List<String> names = listed.keySet().stream().map(n -> prefix + n).toList();
    Map<String, TopicDescription> described =
        KAFKA.admin().describeTopics(names).allTopicNames().get();
    List<ConfigResource> resources =
        names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = KAFKA.admin().describeConfigs(resources).all().get();
    for (StackFiles.TopicSpec spec : listed.values()) {
      String name = prefix + spec.name();
      assertThat(described.get(name).partitions()).as(name).hasSize(spec.partitions());
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
      spec.configs()
          .forEach((k, v) -> assertThat(config.get(k).value()).as(name + " " + k).isEqualTo(v));
    }
    assertThat(listed.values())
        .as("compacted topics in the list")
        .anyMatch(t -> !t.configs().isEmpty());

    // A restarted stack runs kafka-init again: existing topics are left alone.
    StackFiles.Result again = StackFiles.run(script, env, tmp, Duration.ofMinutes(3));
    assertThat(again.exit()).as(again.describe()).isZero();
    assertThat(again.out()).contains("0 topic(s) created");
  }

  /**
   * A kafka-topics.sh that runs Kafka's TopicCommand from this test's classpath (tuned for a
   * short-lived JVM).
   */
  private Path kafkaBin() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    String java = ProcessHandle.current().info().command().orElse("java");
    Path script = bin.resolve("kafka-topics.sh");
    Files.writeString(
        script,
        "#!/bin/sh\nexec '"
            + java
            + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '"
            + System.getProperty("java.class.path")
            + "' org.apache.kafka.tools.TopicCommand \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }
}
