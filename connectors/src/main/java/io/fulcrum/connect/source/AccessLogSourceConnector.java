package io.fulcrum.connect.source;

import io.fulcrum.connect.Version;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;

/**
 * Tails HAProxy and nginx access logs into Kafka: raw lines for {@code fulcrum.access-logs}, or
 * parsed {@code RequestEvent}s for {@code fulcrum.requests}. Follows rename and copytruncate
 * rotation, and resumes from Connect's stored offsets (file identity plus byte position) without
 * losing or repeating a line.
 */
public final class AccessLogSourceConnector extends SourceConnector {
  private Map<String, String> props;
  private AccessLogSourceConfig config;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    this.config = AccessLogSourceConfig.from(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return AccessLogSourceTask.class;
  }

  /** Each file goes to exactly one task: two tasks on one file would emit its lines twice. */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Path> files = config.files();
    return ConnectorUtils.groupPartitions(files, Math.min(maxTasks, files.size())).stream()
        .map(
            group -> {
              Map<String, String> task = new HashMap<>(props);
              task.put(
                  AccessLogSourceConfig.FILES,
                  String.join(",", group.stream().map(Path::toString).toList()));
              return (Map<String, String>) task;
            })
        .toList();
  }

  @Override
  public void stop() {
    // Nothing to release: tasks own the files.
  }

  @Override
  public ConfigDef config() {
    return AccessLogSourceConfig.DEFINITION;
  }

  /** Records and their offsets are written in one transaction per poll, so exactly-once works. */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> props) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  /** Offsets may be reset or set through the REST API, as long as each one is well formed. */
  @Override
  public boolean alterOffsets(
      Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
    offsets.forEach(
        (partition, offset) -> {
          if (partition == null || !(partition.get(LineRecords.PATH) instanceof String)) {
            throw new ConnectException(
                "source partition must be {\""
                    + LineRecords.PATH
                    + "\": \"/abs/file\"}: "
                    + partition);
          }
          try {
            TailPosition.fromOffset(offset);
          } catch (IllegalArgumentException e) {
            throw new ConnectException(e.getMessage());
          }
        });
    return true;
  }
}
