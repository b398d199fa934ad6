package io.fulcrum.app;

import io.fulcrum.ingest.MalformedInputException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that cannot be deserialized or processed to the dead-letter topic (Kafka Streams'
 * KIP-1034 DLQ, with its standard {@code __streams.errors.*} headers) plus a short human reason in
 * {@value #REASON_HEADER}, counts them, and lets processing continue.
 */
public final class DeadLetterHandler implements ProcessingExceptionHandler, DeserializationExceptionHandler {
  public static final String REASON_HEADER = "fulcrum.error.reason";
  /** Config key under which the app passes its MeterRegistry object to the handler. */
  public static final String METER_REGISTRY_CONFIG = "fulcrum.internal.meter-registry";
  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

  private String topic;
  private MeterRegistry meters = Metrics.globalRegistry;

  @Override
  public void configure(Map<String, ?> configs) {
    Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    this.topic = t == null ? null : t.toString();
    if (configs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry r) {
      this.meters = r;
    }
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext ctx, Record<?, ?> record, Exception e) {
    boolean expected = e instanceof MalformedInputException;
    if (expected) {
      log.debug("malformed record from {}-{}@{}: {}", ctx.topic(), ctx.partition(), ctx.offset(), e.getMessage());
    } else {
      log.error("unexpected failure processing {}-{}@{} in {}; record sent to the dead-letter topic",
          ctx.topic(), ctx.partition(), ctx.offset(), ctx.processorNodeId(), e);
    }
    meters.counter("fulcrum.dead.letters", "stage", expected ? "parse" : "processing", "topic", String.valueOf(ctx.topic())).increment();
    return ProcessingExceptionHandler.Response.resume(deadLetters(ctx, e));
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception e) {
    log.debug("undecodable record from {}-{}@{}: {}", ctx.topic(), ctx.partition(), ctx.offset(), e.getMessage());
    meters.counter("fulcrum.dead.letters", "stage", "deserialization", "topic", String.valueOf(ctx.topic())).increment();
    return DeserializationExceptionHandler.Response.resume(deadLetters(ctx, e));
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetters(ErrorHandlerContext ctx, Exception e) {
    if (topic == null || topic.isBlank()) {
      return List.of();
    }
    ProducerRecord<byte[], byte[]> dlq =
        ExceptionHandlerUtils.buildDeadLetterQueueRecord(topic, ctx.sourceRawKey(), ctx.sourceRawValue(), ctx, e);
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    dlq.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    return List.of(dlq);
  }
}
