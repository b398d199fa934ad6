package io.fulcrum.connect.alert;

import io.fulcrum.connect.Version;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Turns {@code fulcrum.anomalies} and {@code fulcrum.incidents} into Alertmanager API v2 alerts.
 * Use {@code value.converter=io.fulcrum.connect.avro.FulcrumAvroConverter}.
 */
public final class AlertmanagerSinkConnector extends SinkConnector {
  private Map<String, String> props;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    AlertmanagerSinkConfig.from(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return AlertmanagerSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return Collections.nCopies(maxTasks, props);
  }

  @Override
  public void stop() {
    // Nothing to release: tasks own their HTTP clients.
  }

  @Override
  public ConfigDef config() {
    return AlertmanagerSinkConfig.DEFINITION;
  }
}
