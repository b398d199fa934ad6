package io.fulcrum.actuator;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where a deploy announces its change: the config-changes topic, keyed by pool, as the actuator's
 * settings say.
 */
public interface ChangePublisher extends AutoCloseable {
  /** Returns once the change is acknowledged; throws when it could not be. */
  void publish(LbConfigChange change) throws Exception;

  @Override
  default void close() {}

  /**
   * A plain idempotent producer (never the actuator's transactional id, which would fence the
   * running actuator).
   */
  static ChangePublisher kafka(ActuatorSettings s) {
    FulcrumTopics topics = FulcrumTopics.create(s.topics(), s.keyFormat(), s.serdeConfig());
    Topic<byte[], LbConfigChange> t = topics.configChanges();
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.plainProducer(s, "fulcrum-deploy-" + s.actuatorId()));
    Duration timeout = Duration.ofSeconds(30);
    return new ChangePublisher() {
      @Override
      public void publish(LbConfigChange c)
          throws InterruptedException, ExecutionException, TimeoutException {
        producer
            .send(
                new ProducerRecord<>(
                    t.name(),
                    c.getPool().getBytes(StandardCharsets.UTF_8),
                    t.valueSerde().serializer().serialize(t.name(), c)))
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }

      @Override
      public void close() {
        producer.close(Duration.ofSeconds(5));
      }
    };
  }
}
