package io.fulcrum.app;

import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Streams app's own world on the shared test broker: every Fulcrum topic under a unique prefix,
 * an in-memory registry scope and application id of the same name, and settings pointing at them
 * with test-friendly timings (one thread, 200 ms commits). Extra settings override these.
 */
public record StreamsAppFixture(
    String prefix, TopicNames names, FulcrumSettings settings, FulcrumTopics topics) {

  public static StreamsAppFixture create(
      KafkaClusterExtension kafka, Path stateDir, Map<String, String> extra) {
    String prefix = kafka.uniqueName("it");
    TopicNames names = TopicNames.withPrefix(prefix);
    kafka.createTopics(3, names.all().toArray(String[]::new));
    Map<String, String> s = new LinkedHashMap<>();
    s.put("bootstrap.servers", kafka.bootstrapServers());
    s.put("schema.registry.url", "mock://" + prefix);
    s.put("application.id", prefix);
    s.put("state.dir", stateDir.toString());
    s.put("num.stream.threads", "1");
    s.put("commit.interval.ms", "200");
    s.putAll(topicKeys(names));
    s.putAll(extra);
    FulcrumSettings settings = FulcrumSettings.defaultsWith(s);
    return new StreamsAppFixture(
        prefix,
        names,
        settings,
        FulcrumTopics.create(names, settings.keyFormat(), settings.serdeConfig()));
  }

  /** The {@code fulcrum.topic.*} settings naming each topic. */
  public static Map<String, String> topicKeys(TopicNames names) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("fulcrum.topic.requests", names.requests());
    m.put("fulcrum.topic.access-logs", names.accessLogs());
    m.put("fulcrum.topic.config-changes", names.configChanges());
    m.put("fulcrum.topic.pool-windows", names.poolWindows());
    m.put("fulcrum.topic.anomalies", names.anomalies());
    m.put("fulcrum.topic.rollback-commands", names.rollbackCommands());
    m.put("fulcrum.topic.remediation-results", names.remediationResults());
    m.put("fulcrum.topic.incidents", names.incidents());
    m.put("fulcrum.topic.dlq", names.deadLetters());
    m.put("fulcrum.topic.approvals", names.approvals());
    return m;
  }
}
