package io.fulcrum.actuator;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client settings from the pass-through keys: each client gets only the keys it knows (no "supplied
 * but not used" warnings for schema.registry.url), plus what exactly-once needs, which the user
 * cannot turn off.
 */
final class KafkaClients {
  private KafkaClients() {}

  /**
   * The command consumer: manual offsets, committed by the producer's transactions; only committed
   * records.
   */
  static Map<String, Object> commandConsumer(ActuatorSettings s) {
    Map<String, Object> m = only(s.kafka(), ConsumerConfig.configNames());
    m.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
    m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    m.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "fulcrum-actuator-" + s.actuatorId());
    bytes(m);
    return m;
  }

  /** The ledger reader: assigned all partitions, no group. */
  static Map<String, Object> ledgerConsumer(ActuatorSettings s) {
    Map<String, Object> m = only(s.kafka(), ConsumerConfig.configNames());
    m.remove(ConsumerConfig.GROUP_ID_CONFIG);
    m.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    m.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    m.put(ConsumerConfig.CLIENT_ID_CONFIG, "fulcrum-actuator-ledger-" + s.actuatorId());
    bytes(m);
    return m;
  }

  /**
   * The watcher's reader of the config-changes topic: assigned all partitions, no group, committed
   * records.
   */
  static Map<String, Object> changesReader(ActuatorSettings s) {
    Map<String, Object> m = ledgerConsumer(s);
    m.put(ConsumerConfig.CLIENT_ID_CONFIG, "fulcrum-actuator-watch-" + s.actuatorId());
    return m;
  }

  /** A plain idempotent producer (no transactions): what {@code fulcrum deploy} announces with. */
  static Map<String, Object> plainProducer(ActuatorSettings s, String clientId) {
    Map<String, Object> m = only(s.kafka(), ProducerConfig.configNames());
    m.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    m.put(ProducerConfig.ACKS_CONFIG, "all");
    m.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    m.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    m.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return m;
  }

  /** One transactional producer per actuator id: a restarted actuator fences its former self. */
  static Map<String, Object> producer(ActuatorSettings s) {
    Map<String, Object> m = only(s.kafka(), ProducerConfig.configNames());
    m.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, s.groupId() + "-" + s.actuatorId());
    m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    m.put(ProducerConfig.ACKS_CONFIG, "all");
    m.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "fulcrum-actuator-" + s.actuatorId());
    m.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    m.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return m;
  }

  static Map<String, Object> admin(ActuatorSettings s) {
    return only(s.kafka(), AdminClientConfig.configNames());
  }

  private static Map<String, Object> only(Map<String, String> kafka, Set<String> known) {
    Map<String, Object> m = new HashMap<>();
    kafka.forEach(
        (k, v) -> {
          if (known.contains(k)) {
            m.put(k, v);
          }
        });
    return m;
  }

  private static void bytes(Map<String, Object> m) {
    m.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    m.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
  }
}
