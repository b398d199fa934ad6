package io.fulcrum.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.avro.RequestEvent;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.ingest.RequestEvents;
import io.fulcrum.serde.AvroDeserializer;
import io.fulcrum.serde.AvroSerializer;
import io.fulcrum.serde.WireFormat;
import io.fulcrum.serde.WireFormatException;
import io.fulcrum.serde.registry.MockSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class RequestEventDecoderTest {
  private static final String TOPIC = "fulcrum.requests";
  private final MockSchemaRegistry registry = new MockSchemaRegistry("decoder-test");
  private final AvroSerializer<RequestEvent> serializer = new AvroSerializer<>(registry, false);
  private final AvroDeserializer<RequestEvent> generic =
      new AvroDeserializer<>(RequestEvent.class, registry);
  private final RequestEventDecoder decoder = new RequestEventDecoder(generic);

  @Test
  void decodesTodaysSchemaToTheSameRequestAsTheGenericPath() {
    List<RequestEvent> events =
        List.of(
            event(1_700_000_000_123L, "be_web", "web-1", 200, 12, 5120L, "fe_main"),
            event(0L, "p", null, -1, 0, 0L, null), // no server, aborted, epoch
            event(-5_000L, "ünïcødé-pööl", "srv-é", 503, Integer.MAX_VALUE, Long.MAX_VALUE, "fe"),
            event(Long.MAX_VALUE, "", "s", Integer.MIN_VALUE, 1, Long.MIN_VALUE, ""));
    for (RequestEvent e : events) {
      byte[] bytes = serializer.serialize(TOPIC, e);
      assertThat(decoder.deserialize(TOPIC, bytes))
          .isEqualTo(RequestEvents.toParsed(generic.deserialize(TOPIC, bytes)));
    }
  }

  @Test
  void todaysSchemaIsReadInPlaceHandingOutTheSameNameInstances() {
    ParsedRequest first =
        decoder.deserialize(
            TOPIC, serializer.serialize(TOPIC, event(1L, "be_web", "web-1", 200, 1, 1L, "fe")));
    ParsedRequest second =
        decoder.deserialize(
            TOPIC, serializer.serialize(TOPIC, event(2L, "be_web", "web-1", 500, 2, 2L, "fe")));
    // The generic path decodes a fresh String each time; the in-place path interns names.
    assertThat(second.pool()).isSameAs(first.pool());
    assertThat(second.server()).isSameAs(first.server());
    assertThat(second.frontend()).isSameAs(first.frontend());
  }

  @Test
  void readsAnOlderSchemaWithoutTheOptionalFieldsThroughSchemaResolution() throws IOException {
    Schema older =
        evolved(
            fields ->
                fields.removeIf(f -> f.name().equals("bytes") || f.name().equals("frontend")));
    GenericRecord r = new GenericData.Record(older);
    r.put("timestamp", 1_700_000_000_000L);
    r.put("pool", "be_web");
    r.put("server", "web-2");
    r.put("status", 404);
    r.put("latencyMs", 33);

    ParsedRequest decoded = decoder.deserialize(TOPIC, write(older, r));

    assertThat(decoded)
        .isEqualTo(new ParsedRequest(1_700_000_000_000L, "be_web", "web-2", 404, 33, 0L, null));
  }

  @Test
  void readsANewerSchemaWithAFieldInTheMiddleThroughSchemaResolution() throws IOException {
    // Decoding this layout as today's would read the region as the pool: the in-place path must not
    // take it.
    Schema newer =
        evolved(
            fields ->
                fields.add(
                    1, new Schema.Field("region", Schema.create(Schema.Type.STRING), null, "eu")));
    GenericRecord r = new GenericData.Record(newer);
    r.put("timestamp", 1_700_000_000_000L);
    r.put("region", "us-east-1");
    r.put("pool", "be_api");
    r.put("server", null);
    r.put("status", 502);
    r.put("latencyMs", 7);
    r.put("bytes", 10L);
    r.put("frontend", "fe");

    ParsedRequest decoded = decoder.deserialize(TOPIC, write(newer, r));

    assertThat(decoded)
        .isEqualTo(new ParsedRequest(1_700_000_000_000L, "be_api", null, 502, 7, 10L, "fe"));
  }

  @Test
  void truncatedOrPaddedPayloadsFailWithTheGenericDeserializersError() {
    byte[] good =
        serializer.serialize(
            TOPIC, event(1_700_000_000_000L, "be_web", "web-1", 200, 12, 5120L, "fe"));
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    byte[] padded = Arrays.copyOf(good, good.length + 2);
    byte[] badUnion = good.clone();
    badUnion[WireFormat.HEADER_SIZE + 6 + 1 + "be_web".length()] =
        9; // the server union's branch index

    for (byte[] bad : List.of(truncated, padded, badUnion)) {
      assertThatThrownBy(() -> generic.deserialize(TOPIC, bad))
          .isInstanceOf(WireFormatException.class);
      String expected = messageOf(() -> generic.deserialize(TOPIC, bad));
      assertThatThrownBy(() -> decoder.deserialize(TOPIC, bad))
          .isInstanceOf(WireFormatException.class)
          .hasMessage(expected);
    }
  }

  @Test
  void unknownSchemaIdFailsWithTheGenericDeserializersError() {
    byte[] unknown = {0, 0, 0, 0x7f, 0x7f, 2, 2, 'p'};
    assertThatThrownBy(() -> decoder.deserialize(TOPIC, unknown))
        .isInstanceOf(WireFormatException.class)
        .hasMessage(messageOf(() -> generic.deserialize(TOPIC, unknown)));
  }

  @Test
  void tombstoneIsNull() {
    assertThat(decoder.deserialize(TOPIC, null)).isNull();
  }

  private static RequestEvent event(
      long ts, String pool, String server, int status, int latency, long bytes, String frontend) {
    return new RequestEvent(
        Instant.ofEpochMilli(ts), pool, server, status, latency, bytes, frontend);
  }

  /** RequestEvent with its field list changed: another version of the schema. */
  private static Schema evolved(Consumer<List<Schema.Field>> change) {
    List<Schema.Field> fields =
        new java.util.ArrayList<>(
            RequestEvent.getClassSchema().getFields().stream()
                .map(f -> new Schema.Field(f, f.schema()))
                .toList());
    change.accept(fields);
    return Schema.createRecord("RequestEvent", null, "io.fulcrum.avro", false, fields);
  }

  private byte[] write(Schema schema, GenericRecord r) throws IOException {
    int id = registry.register(TOPIC + "-value", schema);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WireFormat.writeHeader(out, id);
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(r, enc);
    enc.flush();
    return out.toByteArray();
  }

  private static String messageOf(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a failure");
  }
}
