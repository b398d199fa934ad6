package io.fulcrum.demo;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.serde.TopicNames;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings the demo runs Fulcrum with: production defaults, the demo's shorter windows, one
 * partition.
 */
public final class DemoSettings {
  public static final String APPLICATION_ID = "fulcrum-demo";

  /** The actuator's compacted ledger of commands. */
  public static final String LEDGER_TOPIC = "fulcrum.actuator-ledger";

  private DemoSettings() {}

  /** A fresh HMAC secret per run, shared by the Streams app (signs) and the actuator (verifies). */
  public static String newSigningSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * @param lb the load balancer: HAProxy's access log carries local times, the simulated one sends
   *     events
   */
  public static Map<String, String> streams(
      String bootstrapServers,
      String registryUrl,
      Path stateDir,
      String secret,
      DemoConfig c,
      LbMode lb) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("bootstrap.servers", bootstrapServers);
    s.put("schema.registry.url", registryUrl);
    s.put("application.id", APPLICATION_ID);
    s.put("state.dir", stateDir.toString());
    s.put("num.stream.threads", "1");
    // Each commit publishes a transaction: commit often so the view is never more than a moment
    // behind.
    s.put("commit.interval.ms", "200");
    s.put("fulcrum.window.size", ms(c.window()));
    s.put("fulcrum.window.grace", ms(c.grace()));
    s.put("fulcrum.flush.interval", ms(min(Duration.ofSeconds(1), c.window().dividedBy(4))));
    s.put("fulcrum.pool.partitions", "1");
    s.put("fulcrum.signing.secret", secret);
    if (lb == LbMode.HAPROXY) {
      // The HAProxy child inherits this JVM's time zone, and httplog dates are local.
      s.put("fulcrum.access-log.format", "haproxy");
      s.put("fulcrum.access-log.timezone", ZoneId.systemDefault().getId());
    }
    return s;
  }

  public static FulcrumSettings streamsSettings(
      String bootstrapServers,
      String registryUrl,
      Path stateDir,
      String secret,
      DemoConfig c,
      LbMode lb) {
    return FulcrumSettings.defaultsWith(
        streams(bootstrapServers, registryUrl, stateDir, secret, c, lb));
  }

  /** Every topic the demo needs, created up front as in production (no auto-creation). */
  public static List<String> topics(TopicNames names) {
    return names.all();
  }

  private static String ms(Duration d) {
    return d.toMillis() + "ms";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
