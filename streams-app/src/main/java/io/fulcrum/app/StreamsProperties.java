package io.fulcrum.app;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties for a settings object: pass-through keys plus the dead-letter wiring.
 */
public final class StreamsProperties {
  private StreamsProperties() {}

  public static Properties of(FulcrumSettings s, PipelineMetrics metrics) {
    Properties p = new Properties();
    p.putAll(s.kafka());
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, s.topics().deadLetters());
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandler.class.getName());
    p.put(DeadLetterHandler.METER_REGISTRY_CONFIG, metrics.registry());
    // Config changes feed a global store: bad ones must be dead-lettered there too.
    p.put("processing.exception.handler.global.enabled", "true");
    if (s.api().enabled()) {
      // How other instances find this one's query API when they forward a pool's request to its
      // owner.
      p.putIfAbsent(
          StreamsConfig.APPLICATION_SERVER_CONFIG, s.api().advertisedHost() + ":" + s.api().port());
    }
    return p;
  }
}
