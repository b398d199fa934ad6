package io.fulcrum.demo;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.serde.FulcrumTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Plays a demo non-interactively (plain output captured), then reads what its topics hold before
 * shutting it down: the story as a downstream consumer sees it.
 */
record DemoRun(
    int exitCode,
    String output,
    long elapsedMs,
    List<AnomalyEvent> anomalies,
    List<RollbackCommand> commands,
    List<RemediationResult> results,
    List<Incident> incidents,
    List<LbConfigChange> configChanges,
    String bootstrapServers) {

  /** The tests' timeline: 2 s windows, 20 s of healthy traffic, failures of at most 10 s. */
  static DemoConfig fast(String scenario, LbMode lb) {
    return DemoConfig.defaults(DemoScenarios.byName(scenario))
        .withLb(lb)
        .withDuration(Duration.ofSeconds(90))
        .withTimeline(
            Duration.ofSeconds(2),
            Duration.ofMillis(500),
            Duration.ofSeconds(20),
            Duration.ofSeconds(10));
  }

  static DemoRun play(DemoConfig config) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    try (Demo demo = new Demo(config, out, 120)) {
      int code = demo.play();
      FulcrumTopics t =
          FulcrumTopics.create(
              demo.topicNames(),
              FulcrumTopics.KeyFormat.AVRO,
              Map.of("schema.registry.url", demo.registryUrl()));
      String bs = demo.bootstrapServers();
      List<AnomalyEvent> anomalies = TopicRecords.all(bs, t.anomalies());
      List<RollbackCommand> commands = TopicRecords.all(bs, t.rollbackCommands());
      List<RemediationResult> results = TopicRecords.all(bs, t.remediationResults());
      List<Incident> incidents = TopicRecords.all(bs, t.incidents());
      List<LbConfigChange> changes = TopicRecords.all(bs, t.configChanges());
      demo.close();
      return new DemoRun(
          code,
          bytes.toString(StandardCharsets.UTF_8),
          (System.nanoTime() - t0) / 1_000_000,
          anomalies,
          commands,
          results,
          incidents,
          changes,
          bs);
    } finally {
      System.out.println(bytes.toString(StandardCharsets.UTF_8));
    }
  }

  Incident lastIncident() {
    return incidents.get(incidents.size() - 1);
  }
}
