package io.fulcrum.bench.jmh;

import io.fulcrum.avro.RequestEvent;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Avro serde of {@code RequestEvent} in Confluent's wire format, as the requests topic carries it:
 * ns per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerdeBench {
  private static final String TOPIC = "fulcrum.requests";
  private Serializer<RequestEvent> serializer;
  private Deserializer<RequestEvent> deserializer;
  private RequestEvent event;
  private byte[] bytes;

  @Setup
  public void serdes() {
    FulcrumTopics topics =
        FulcrumTopics.create(
            TopicNames.defaults(),
            FulcrumTopics.KeyFormat.AVRO,
            Map.of("schema.registry.url", "mock://jmh-serde"));
    serializer = topics.requests().valueSerde().serializer();
    deserializer = topics.requests().valueSerde().deserializer();
    event =
        RequestEvent.newBuilder()
            .setTimestamp(Instant.ofEpochMilli(1_780_000_000_123L))
            .setPool("be_web")
            .setServer("web-3")
            .setStatus(200)
            .setLatencyMs(42)
            .setBytes(2750)
            .setFrontend("http-in")
            .build();
    bytes = serializer.serialize(TOPIC, event);
  }

  @Benchmark
  public byte[] serialize() {
    return serializer.serialize(TOPIC, event);
  }

  @Benchmark
  public RequestEvent deserialize() {
    return deserializer.deserialize(TOPIC, bytes);
  }
}
