package io.fulcrum.app;

import io.fulcrum.ingest.MalformedInputException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that cannot be deserialized or processed to the dead-letter topic (Kafka Streams'
 * KIP-1034 DLQ, with its standard {@code __streams.errors.*} headers) plus a short human reason in
 * {@value #REASON_HEADER}, counts them, and lets processing continue. A dead letter must always fit
 * in a produce request, or one giant garbage line would stop the app: keys and values beyond
 * {@value #MAX_BYTES} bytes are cut, and {@value #TRUNCATED_HEADER} says how long they were.
 * Expected parse failures carry no stack trace: the reason says it all.
 */
public final class DeadLetterHandler
    implements ProcessingExceptionHandler, DeserializationExceptionHandler {
  public static final String REASON_HEADER = "fulcrum.error.reason";

  /** Original length of a key or value cut to fit: {@code key=N} or {@code value=N}. */
  public static final String TRUNCATED_HEADER = "fulcrum.error.truncated";

  /** Well under the producer's and the broker's 1 MB defaults, headers included. */
  static final int MAX_BYTES = 256 * 1024;

  private static final int MAX_REASON_CHARS = 2_000;
  // KIP-1034's header names, as Kafka Streams writes them.
  static final String HEADER_EXCEPTION = "__streams.errors.exception";
  static final String HEADER_STACKTRACE = "__streams.errors.stacktrace";
  static final String HEADER_MESSAGE = "__streams.errors.message";
  static final String HEADER_TOPIC = "__streams.errors.topic";
  static final String HEADER_PARTITION = "__streams.errors.partition";
  static final String HEADER_OFFSET = "__streams.errors.offset";

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
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext ctx, Record<?, ?> record, Exception e) {
    boolean expected = e instanceof MalformedInputException;
    if (expected) {
      log.debug(
          "malformed record from {}-{}@{}: {}",
          ctx.topic(),
          ctx.partition(),
          ctx.offset(),
          e.getMessage());
    } else {
      log.error(
          "unexpected failure processing {}-{}@{} in {}; record sent to the dead-letter topic",
          ctx.topic(),
          ctx.partition(),
          ctx.offset(),
          ctx.processorNodeId(),
          e);
    }
    meters
        .counter(
            "fulcrum.dead.letters",
            "stage",
            expected ? "parse" : "processing",
            "topic",
            String.valueOf(ctx.topic()))
        .increment();
    return ProcessingExceptionHandler.Response.resume(deadLetters(ctx, e));
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception e) {
    log.debug(
        "undecodable record from {}-{}@{}: {}",
        ctx.topic(),
        ctx.partition(),
        ctx.offset(),
        e.getMessage());
    meters
        .counter(
            "fulcrum.dead.letters",
            "stage",
            "deserialization",
            "topic",
            String.valueOf(ctx.topic()))
        .increment();
    return DeserializationExceptionHandler.Response.resume(deadLetters(ctx, e));
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetters(ErrorHandlerContext ctx, Exception e) {
    if (topic == null || topic.isBlank()) {
      return List.of();
    }
    ProducerRecord<byte[], byte[]> dlq =
        new ProducerRecord<>(
            topic, null, ctx.timestamp(), cut(ctx.sourceRawKey()), cut(ctx.sourceRawValue()));
    if (ctx.headers() != null) {
      ctx.headers().forEach(h -> dlq.headers().add(h));
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (reason.length() > MAX_REASON_CHARS) {
      reason = reason.substring(0, MAX_REASON_CHARS) + "...";
    }
    header(dlq, HEADER_EXCEPTION, e.getClass().getName());
    header(dlq, HEADER_MESSAGE, reason);
    if (!(e instanceof MalformedInputException)) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      header(dlq, HEADER_STACKTRACE, trace.toString());
    }
    header(dlq, HEADER_TOPIC, ctx.topic());
    header(dlq, HEADER_PARTITION, String.valueOf(ctx.partition()));
    header(dlq, HEADER_OFFSET, String.valueOf(ctx.offset()));
    header(dlq, REASON_HEADER, reason);
    truncated(dlq, "key", ctx.sourceRawKey());
    truncated(dlq, "value", ctx.sourceRawValue());
    return List.of(dlq);
  }

  private static byte[] cut(byte[] bytes) {
    return bytes == null || bytes.length <= MAX_BYTES ? bytes : Arrays.copyOf(bytes, MAX_BYTES);
  }

  private static void truncated(ProducerRecord<byte[], byte[]> dlq, String what, byte[] original) {
    if (original != null && original.length > MAX_BYTES) {
      header(dlq, TRUNCATED_HEADER, what + "=" + original.length);
    }
  }

  private static void header(ProducerRecord<byte[], byte[]> dlq, String name, String value) {
    dlq.headers().add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }
}
