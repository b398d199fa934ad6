package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.ingest.MalformedInputException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {
  private static final Record<?, ?> NO_RECORD = null;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DeadLetterHandler handler = new DeadLetterHandler();

  DeadLetterHandlerTest() {
    handler.configure(
        Map.of(
            StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
            "dlq",
            DeadLetterHandler.METER_REGISTRY_CONFIG,
            registry));
  }

  @Test
  void aMalformedLineGoesToTheDeadLetterTopicWithItsReasonAndWhereItCameFrom() {
    byte[] line = "not a log line".getBytes(StandardCharsets.UTF_8);
    ProducerRecord<byte[], byte[]> dlq =
        single(
            handler.handleError(
                context(line),
                NO_RECORD,
                new MalformedInputException("haproxy: no backend/server field")));
    assertThat(dlq.topic()).isEqualTo("dlq");
    assertThat(dlq.value()).isEqualTo(line);
    assertThat(header(dlq, DeadLetterHandler.REASON_HEADER))
        .isEqualTo("haproxy: no backend/server field");
    assertThat(header(dlq, DeadLetterHandler.HEADER_MESSAGE))
        .isEqualTo("haproxy: no backend/server field");
    assertThat(header(dlq, DeadLetterHandler.HEADER_EXCEPTION))
        .isEqualTo(MalformedInputException.class.getName());
    assertThat(header(dlq, DeadLetterHandler.HEADER_TOPIC)).isEqualTo("access-logs");
    assertThat(header(dlq, DeadLetterHandler.HEADER_PARTITION)).isEqualTo("3");
    assertThat(header(dlq, DeadLetterHandler.HEADER_OFFSET)).isEqualTo("42");
    assertThat(dlq.headers().lastHeader(DeadLetterHandler.HEADER_STACKTRACE))
        .as("a parse failure is no bug")
        .isNull();
    assertThat(dlq.headers().lastHeader(DeadLetterHandler.TRUNCATED_HEADER)).isNull();
    assertThat(
            registry
                .counter("fulcrum.dead.letters", "stage", "parse", "topic", "access-logs")
                .count())
        .isEqualTo(1);
  }

  @Test
  void aMegabyteLineIsCutToFitAProduceRequestAndSaysHowLongItWas() {
    byte[] huge = new byte[1024 * 1024 + 7];
    Arrays.fill(huge, (byte) 'x');
    ProducerRecord<byte[], byte[]> dlq =
        single(
            handler.handleError(
                context(huge),
                NO_RECORD,
                new MalformedInputException("haproxy: line ends after the date")));
    assertThat(dlq.value()).hasSize(DeadLetterHandler.MAX_BYTES);
    assertThat(header(dlq, DeadLetterHandler.TRUNCATED_HEADER)).isEqualTo("value=" + huge.length);
  }

  @Test
  void anUnexpectedFailureKeepsItsStackTrace() {
    ProducerRecord<byte[], byte[]> dlq =
        single(
            handler.handleError(
                context(new byte[] {1}), NO_RECORD, new IllegalStateException("bug")));
    assertThat(header(dlq, DeadLetterHandler.HEADER_STACKTRACE))
        .contains("IllegalStateException: bug");
    assertThat(
            registry
                .counter("fulcrum.dead.letters", "stage", "processing", "topic", "access-logs")
                .count())
        .isEqualTo(1);
  }

  private static ProducerRecord<byte[], byte[]> single(
      ProcessingExceptionHandler.Response response) {
    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    return response.deadLetterQueueRecords().get(0);
  }

  private static String header(ProducerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static ErrorHandlerContext context(byte[] value) {
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return "access-logs";
      }

      @Override
      public int partition() {
        return 3;
      }

      @Override
      public long offset() {
        return 42;
      }

      @Override
      public Headers headers() {
        return new RecordHeaders();
      }

      @Override
      public String processorNodeId() {
        return "parse-access-logs";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(1, 3);
      }

      @Override
      public long timestamp() {
        return 1_700_000_000_000L;
      }

      @Override
      public byte[] sourceRawKey() {
        return null;
      }

      @Override
      public byte[] sourceRawValue() {
        return value;
      }
    };
  }
}
