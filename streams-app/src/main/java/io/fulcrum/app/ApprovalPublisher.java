package io.fulcrum.app;

import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.query.ApprovalEndpoint;
import io.fulcrum.serde.FulcrumTopics;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes the query API's approval decisions to {@code fulcrum.approvals}, keyed by incident id: an
 * idempotent producer, so a retried send is written once; the remediation step ignores any answer
 * after the first anyway.
 */
final class ApprovalPublisher implements ApprovalEndpoint.Sink, AutoCloseable {
  private static final long SEND_TIMEOUT_S = 10;
  private final KafkaProducer<String, ApprovalDecision> producer;
  private final String topic;

  /**
   * @param streamsProps the app's Kafka settings: the connection and security ones are reused
   */
  ApprovalPublisher(Properties streamsProps, FulcrumTopics topics) {
    Properties p = new Properties();
    streamsProps.stringPropertyNames().stream()
        .filter(
            k ->
                k.equals("bootstrap.servers")
                    || k.equals("client.dns.lookup")
                    || k.startsWith("security.")
                    || k.startsWith("sasl.")
                    || k.startsWith("ssl."))
        .forEach(k -> p.put(k, streamsProps.getProperty(k)));
    p.put(
        ProducerConfig.CLIENT_ID_CONFIG,
        streamsProps.getProperty("application.id", "fulcrum") + "-approvals");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    Serializer<String> keys = topics.approvals().keySerde().serializer();
    Serializer<ApprovalDecision> values = topics.approvals().valueSerde().serializer();
    this.producer = new KafkaProducer<>(p, keys, values);
    this.topic = topics.approvals().name();
  }

  @Override
  public void send(ApprovalDecision decision) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic, null, decision.getAt().toEpochMilli(), decision.getIncidentId(), decision))
        .get(SEND_TIMEOUT_S, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
