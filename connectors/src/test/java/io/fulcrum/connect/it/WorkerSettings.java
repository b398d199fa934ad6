package io.fulcrum.connect.it;

import io.fulcrum.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One Connect cluster's identity: its group and internal topics. Workers started with it share
 * offsets.
 */
public record WorkerSettings(String bootstrapServers, String groupId, Path pluginPath) {

  public static WorkerSettings unique(KafkaClusterExtension kafka) {
    return new WorkerSettings(kafka.bootstrapServers(), kafka.uniqueName("connect"), null);
  }

  /**
   * Load our plugins from a packaged plugin directory (in isolation) instead of the test classpath.
   */
  public WorkerSettings withPluginPath(Path dir) {
    return new WorkerSettings(bootstrapServers, groupId, dir);
  }

  public Map<String, String> workerProperties(int restPort) {
    Map<String, String> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("group.id", groupId);
    p.put("config.storage.topic", groupId + "-configs");
    p.put("offset.storage.topic", groupId + "-offsets");
    p.put("status.storage.topic", groupId + "-status");
    p.put("config.storage.replication.factor", "1");
    p.put("offset.storage.replication.factor", "1");
    p.put("offset.storage.partitions", "1");
    p.put("status.storage.replication.factor", "1");
    p.put("status.storage.partitions", "1");
    p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    p.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    p.put("listeners", "http://127.0.0.1:" + restPort);
    p.put("rest.advertised.host.name", "127.0.0.1");
    // Our plugins declare themselves in META-INF/services; scanning the whole test classpath is
    // slow.
    p.put("plugin.discovery", "service_load");
    // Records and source offsets in one transaction: nothing lost or repeated, even on a crash.
    p.put("exactly.once.source.support", "enabled");
    p.put("offset.flush.interval.ms", "1000");
    p.put("scheduled.rebalance.max.delay.ms", "0");
    if (pluginPath != null) {
      p.put("plugin.path", pluginPath.toString());
    }
    return p;
  }
}
