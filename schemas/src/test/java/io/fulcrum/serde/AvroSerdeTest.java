package io.fulcrum.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.serde.registry.MockRegistryScopes;
import io.fulcrum.serde.registry.MockSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private static final String SCOPE = "avro-serde-test";
  private final MockSchemaRegistry registry = MockRegistryScopes.scope(SCOPE);
  private final Map<String, String> config = Map.of("schema.registry.url", "mock://" + SCOPE);

  @AfterEach
  void dropScope() {
    MockRegistryScopes.drop(SCOPE);
  }

  @Test
  void writesConfluentFramingWithTheRegisteredSchemaId() {
    AvroSerializer<RequestEvent> ser = new AvroSerializer<>();
    ser.configure(config, false);
    byte[] bytes = ser.serialize("reqs", SampleRecords.request("web-1", 200));
    int id = registry.lookup("reqs-value", RequestEvent.getClassSchema());
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    assertThat(registry.subjects()).containsExactly("reqs-value");
  }

  @Test
  void roundTripsEveryFieldOfAnAnomalyThroughTheConfiguredSerde() {
    AvroSerde<AnomalyEvent> serde = new AvroSerde<>(AnomalyEvent.class);
    serde.configure(config, false);
    AnomalyEvent original = SampleRecords.anomaly();
    byte[] bytes = serde.serializer().serialize("anomalies", original);
    assertThat(serde.deserializer().deserialize("anomalies", bytes)).isEqualTo(original);
  }

  @Test
  void registersKeysUnderTheKeySubject() {
    AvroSerializer<RequestEvent> ser = new AvroSerializer<>(registry, true);
    ser.serialize("reqs", SampleRecords.request("web-1", 200));
    assertThat(registry.subjects()).containsExactly("reqs-key");
  }

  @Test
  void refusesToRegisterWhenAutoRegisterIsOffAndTheSchemaIsUnknown() {
    AvroSerializer<RequestEvent> ser = new AvroSerializer<>();
    ser.configure(
        Map.of("schema.registry.url", "mock://" + SCOPE, "auto.register.schemas", "false"), false);
    assertThatThrownBy(() -> ser.serialize("reqs", SampleRecords.request("web-1", 200)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("topic reqs")
        .hasMessageContaining("reqs-value");
  }

  @Test
  void nullsPassThroughAsTombstones() {
    AvroSerde<RequestEvent> serde = new AvroSerde<>(RequestEvent.class, registry, false);
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void rejectsAWrongMagicByteNamingTheTopic() {
    AvroDeserializer<RequestEvent> de = new AvroDeserializer<>(RequestEvent.class, registry);
    assertThatThrownBy(() -> de.deserialize("reqs", "{\"pool\":\"x\"}".getBytes()))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("topic reqs")
        .hasMessageContaining("magic byte 0x7b");
  }

  @Test
  void rejectsAPayloadShorterThanTheHeader() {
    AvroDeserializer<RequestEvent> de = new AvroDeserializer<>(RequestEvent.class, registry);
    assertThatThrownBy(() -> de.deserialize("reqs", new byte[] {0, 0, 1}))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("topic reqs")
        .hasMessageContaining("truncated");
  }

  @Test
  void rejectsAnUnknownSchemaId() {
    AvroDeserializer<RequestEvent> de = new AvroDeserializer<>(RequestEvent.class, registry);
    assertThatThrownBy(() -> de.deserialize("reqs", new byte[] {0, 0, 0, 0, 99, 2, 4}))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("topic reqs")
        .hasMessageContaining("schema id 99");
  }

  @Test
  void rejectsATruncatedAvroBody() {
    AvroSerde<AnomalyEvent> serde = new AvroSerde<>(AnomalyEvent.class, registry, false);
    byte[] full = serde.serializer().serialize("anomalies", SampleRecords.anomaly());
    byte[] cut = Arrays.copyOf(full, full.length / 2);
    assertThatThrownBy(() -> serde.deserializer().deserialize("anomalies", cut))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("topic anomalies")
        .hasMessageContaining("does not decode");
  }

  @Test
  void rejectsARecordWrittenWithAnIncompatibleSchema() {
    AvroSerde<RequestEvent> reqs = new AvroSerde<>(RequestEvent.class, registry, false);
    byte[] request = reqs.serializer().serialize("mixed", SampleRecords.request("web-1", 200));
    AvroDeserializer<LbConfigChange> de = new AvroDeserializer<>(LbConfigChange.class, registry);
    assertThatThrownBy(() -> de.deserialize("mixed", request))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("topic mixed")
        .hasMessageContaining("cannot be read as io.fulcrum.avro.LbConfigChange");
  }

  @Test
  void readsRecordsWrittenWithAnOlderSchemaUsingTheNewFieldsDefaults() throws Exception {
    // The first version of RequestEvent had no bytes and no frontend.
    Schema v1 =
        SchemaBuilder.record("RequestEvent")
            .namespace("io.fulcrum.avro")
            .fields()
            .name("timestamp")
            .type(Schema.create(Schema.Type.LONG))
            .noDefault()
            .requiredString("pool")
            .optionalString("server")
            .requiredInt("status")
            .requiredInt("latencyMs")
            .endRecord();
    GenericRecord old = new GenericData.Record(v1);
    old.put("timestamp", SampleRecords.T0);
    old.put("pool", "be_web");
    old.put("server", "web-3");
    old.put("status", 503);
    old.put("latencyMs", 7);
    int id = registry.register("old-value", v1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(v1).write(old, enc);
    enc.flush();

    RequestEvent read =
        new AvroDeserializer<>(RequestEvent.class, registry).deserialize("old", out.toByteArray());
    assertThat(read.getServer()).isEqualTo("web-3");
    assertThat(read.getStatus()).isEqualTo(503);
    assertThat(read.getBytes()).isZero();
    assertThat(read.getFrontend()).isNull();
  }

  @Test
  void readsAConfigChangeOfTheFirstSchemaWithNoGuardVerdictFindingsReasonOrHash() throws Exception {
    Schema v1 =
        new Schema.Parser()
            .parse(getClass().getResourceAsStream("/schema-history/LbConfigChange/v1.avsc"));
    GenericRecord old = new GenericData.Record(v1);
    old.put("timestamp", SampleRecords.T0);
    old.put("pool", "be_web");
    old.put("version", "v42");
    old.put("servers", Map.of("web-1", 1.0));
    old.put("author", "deploy-bot");
    int id = registry.register("changes-value", v1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(v1).write(old, enc);
    enc.flush();

    LbConfigChange read =
        new AvroDeserializer<>(LbConfigChange.class, registry)
            .deserialize("changes", out.toByteArray());
    assertThat(read.getVersion()).isEqualTo("v42");
    assertThat(read.getServers()).isEqualTo(Map.of("web-1", 1.0));
    assertThat(read.getAuthor()).isEqualTo("deploy-bot");
    assertThat(read.getGuardVerdict()).isNull();
    assertThat(read.getGuardFindings()).isNull();
    assertThat(read.getForcedReason()).isNull();
    assertThat(read.getConfigHash()).isNull();
  }

  @Test
  void roundTripsAForcedChangeWithItsVerdictFindingsAndReason() {
    AvroSerde<LbConfigChange> serde = new AvroSerde<>(LbConfigChange.class, registry, false);
    LbConfigChange forced =
        LbConfigChange.newBuilder()
            .setTimestamp(java.time.Instant.ofEpochMilli(SampleRecords.T0))
            .setPool("be_web")
            .setVersion("v42")
            .setServers(Map.of("web-1", 1.0))
            .setAuthor("alice")
            .setGuardVerdict("BLOCK")
            .setGuardFindings(java.util.List.of("be_web: only web-1 would get traffic: BLOCK"))
            .setForcedReason("web-2..4 are being reimaged")
            .setConfigHash("ab".repeat(32))
            .build();
    assertThat(
            serde
                .deserializer()
                .deserialize("changes", serde.serializer().serialize("changes", forced)))
        .isEqualTo(forced);
  }

  @Test
  void failsClearlyWhenNotConfigured() {
    assertThatThrownBy(
            () ->
                new AvroSerializer<RequestEvent>().serialize("t", SampleRecords.request("a", 200)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("schema.registry.url");
  }
}
