package io.fulcrum.cli;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.serde.registry.SchemaRegistries;
import io.fulcrum.serde.registry.SchemaRegistryClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints Fulcrum's topic schemas, or registers them with a schema registry ahead of deployment. */
@Command(
    name = "schemas",
    mixinStandardHelpOptions = true,
    description = {
      "Print the Avro value schema of every Fulcrum topic, or register them (TopicNameStrategy subjects).",
      "Use --register when producers run with auto.register.schemas=false."
    })
final class SchemasCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--register",
      paramLabel = "URL",
      description = "Schema Registry URL(s), comma separated, or mock://scope.")
  String registryUrl;

  @Option(
      names = "--user-info",
      paramLabel = "USER:PASSWORD",
      description = "HTTP basic auth for the registry.")
  String userInfo;

  @Override
  public void run() {
    Map<String, Schema> bySubject = subjects(TopicNames.defaults());
    if (registryUrl == null) {
      bySubject.forEach(
          (subject, schema) ->
              spec.commandLine().getOut().println("# " + subject + "\n" + schema.toString(true)));
      return;
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(SchemaRegistries.URL, registryUrl);
    if (userInfo != null) {
      config.put(SchemaRegistries.BASIC_AUTH_USER_INFO, userInfo);
    }
    SchemaRegistryClient client = SchemaRegistries.fromConfig(config);
    bySubject.forEach(
        (subject, schema) ->
            spec.commandLine()
                .getOut()
                .println(subject + " -> id " + client.register(subject, schema)));
  }

  static Map<String, Schema> subjects(TopicNames t) {
    Map<String, Schema> m = new LinkedHashMap<>();
    m.put(t.requests() + "-value", RequestEvent.getClassSchema());
    m.put(t.configChanges() + "-value", LbConfigChange.getClassSchema());
    m.put(t.poolWindows() + "-value", PoolWindow.getClassSchema());
    m.put(t.anomalies() + "-value", AnomalyEvent.getClassSchema());
    m.put(t.rollbackCommands() + "-value", RollbackCommand.getClassSchema());
    m.put(t.remediationResults() + "-value", RemediationResult.getClassSchema());
    m.put(t.incidents() + "-value", Incident.getClassSchema());
    m.put(t.approvals() + "-value", ApprovalDecision.getClassSchema());
    return m;
  }
}
