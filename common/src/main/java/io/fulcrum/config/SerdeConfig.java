package io.fulcrum.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The serde settings (Schema Registry and its auth) among the pass-through Kafka keys. Both the
 * Streams app and the actuator hand these to their serdes, so which keys count is decided here
 * once.
 */
public final class SerdeConfig {
  private SerdeConfig() {}

  /** A fresh copy of the serde keys in {@code kafka}; callers may add to it. */
  public static Map<String, String> of(Map<String, String> kafka) {
    Map<String, String> m = new LinkedHashMap<>();
    kafka.forEach(
        (k, v) -> {
          if (isSerdeKey(k)) {
            m.put(k, v);
          }
        });
    return m;
  }

  static boolean isSerdeKey(String key) {
    return key.startsWith("schema.registry.")
        || key.startsWith("basic.auth.")
        || key.equals("auto.register.schemas");
  }
}
