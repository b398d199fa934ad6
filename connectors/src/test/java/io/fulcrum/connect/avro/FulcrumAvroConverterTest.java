package io.fulcrum.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.avro.Severity;
import io.fulcrum.connect.alert.AlertFixtures;
import io.fulcrum.serde.AvroDeserializer;
import io.fulcrum.serde.AvroStringSerde;
import io.fulcrum.serde.registry.MockRegistryScopes;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FulcrumAvroConverterTest {
  private static final String SCOPE = "converter-test";
  private final FulcrumAvroConverter converter = converter(false);
  private final AvroConnectData data = new AvroConnectData();

  private static FulcrumAvroConverter converter(boolean isKey) {
    FulcrumAvroConverter c = new FulcrumAvroConverter();
    c.configure(Map.of("schema.registry.url", "mock://" + SCOPE), isKey);
    return c;
  }

  static Stream<SpecificRecord> records() {
    return Stream.of(
        RequestEvent.newBuilder()
            .setTimestamp(Instant.parse("2026-03-14T09:00:01.250Z"))
            .setPool("be_web")
            .setServer(null)
            .setStatus(503)
            .setLatencyMs(12)
            .setBytes(512)
            .setFrontend("fe")
            .build(),
        AlertFixtures.anomaly("be_web", AnomalyStatus.STARTED, Severity.CRITICAL),
        withoutCause(AlertFixtures.anomaly("be_api", AnomalyStatus.CLEARED, Severity.WARNING)),
        AlertFixtures.incident("be_web", IncidentState.RESOLVED),
        AlertFixtures.incident("be_web", IncidentState.OPEN),
        LbConfigChange.newBuilder()
            .setTimestamp(Instant.parse("2026-03-14T09:00:00Z"))
            .setPool("be_web")
            .setVersion("v42")
            .setServers(Map.of("web-1", 1.0, "web-2", 0.0))
            .setAuthor(null)
            .setDescription("typo")
            .build());
  }

  private static AnomalyEvent withoutCause(AnomalyEvent a) {
    a.setSuspectedCause(null);
    return a;
  }

  @ParameterizedTest
  @MethodSource("records")
  void aRecordSurvivesConnectAndTheWireFormatInBothDirections(SpecificRecord record) {
    String topic = "topic-" + record.getSchema().getName();
    Struct struct = data.toConnect(record);
    byte[] bytes = converter.fromConnectData(topic, struct.schema(), struct);

    AvroDeserializer<SpecificRecord> plain = new AvroDeserializer<>(typeOf(record));
    plain.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
    assertThat(plain.deserialize(topic, bytes)).isEqualTo(record);

    SchemaAndValue back = converter.toConnectData(topic, bytes);
    assertThat(back.value()).isEqualTo(struct);
    assertThat(back.schema().name()).isEqualTo(record.getSchema().getFullName());
    assertThat(data.fromConnect((Struct) back.value())).isEqualTo(record);
  }

  @SuppressWarnings("unchecked")
  private static Class<SpecificRecord> typeOf(SpecificRecord r) {
    return (Class<SpecificRecord>) r.getClass();
  }

  @Test
  void mapsAvroTypesToTheirConnectCounterparts() {
    Schema s = data.connectSchema(AnomalyEvent.getClassSchema());
    assertThat(s.type()).isEqualTo(Schema.Type.STRUCT);
    assertThat(s.field("server").schema().isOptional()).isTrue();
    assertThat(s.field("pool").schema().isOptional()).isFalse();
    assertThat(s.field("onset").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
    assertThat(s.field("status").schema().type()).isEqualTo(Schema.Type.STRING);
    assertThat(s.field("status").schema().parameters())
        .containsEntry(ConnectSchemas.ENUM_PARAM, "io.fulcrum.avro.AnomalyStatus");
    assertThat(s.field("evidence").schema().field("servers").schema().valueSchema().name())
        .isEqualTo("io.fulcrum.avro.ServerEvidence");
    assertThat(s.field("suspectedCause").schema().isOptional()).isTrue();
    Schema change = data.connectSchema(LbConfigChange.getClassSchema());
    assertThat(change.field("servers").schema().type()).isEqualTo(Schema.Type.MAP);
    assertThat(change.field("servers").schema().keySchema()).isEqualTo(Schema.STRING_SCHEMA);

    Struct struct =
        data.toConnect(AlertFixtures.anomaly("be_web", AnomalyStatus.STARTED, Severity.CRITICAL));
    assertThat(struct.get("onset")).isEqualTo(Date.from(AlertFixtures.ONSET));
    assertThat(struct.get("severity")).isEqualTo("CRITICAL");
  }

  @Test
  void stringKeysUseThePrimitiveAvroStringFulcrumWrites() {
    FulcrumAvroConverter keys = converter(true);
    byte[] bytes = keys.fromConnectData("t-keys", Schema.STRING_SCHEMA, "be_web");
    AvroStringSerde serde = new AvroStringSerde(MockRegistryScopes.scope(SCOPE), true);
    assertThat(serde.deserializer().deserialize("t-keys", bytes)).isEqualTo("be_web");
    assertThat(keys.toConnectData("t-keys", bytes).value()).isEqualTo("be_web");
  }

  @Test
  void nullIsATombstoneBothWays() {
    assertThat(converter.fromConnectData("t", null, null)).isNull();
    assertThat(converter.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
  }

  @Test
  void explainsWhatItCannotConvert() {
    assertThatThrownBy(() -> converter.toConnectData("t", "plain text".getBytes()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("not Confluent Avro wire format");
    Schema other =
        SchemaBuilder.struct().name("com.example.Other").field("x", Schema.INT32_SCHEMA).build();
    assertThatThrownBy(() -> converter.fromConnectData("t", other, new Struct(other).put("x", 1)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("com.example.Other")
        .hasMessageContaining("Fulcrum's generated Avro classes");
    Struct bad =
        data.toConnect(AlertFixtures.anomaly("be_web", AnomalyStatus.STARTED, Severity.CRITICAL));
    bad.put("status", "EXPLODED");
    assertThatThrownBy(() -> converter.fromConnectData("t", bad.schema(), bad))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("status")
        .hasMessageContaining("EXPLODED");
    assertThatThrownBy(() -> converter.fromConnectData("t", Schema.INT32_SCHEMA, 3))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("structs of Fulcrum's record types");
  }

  @Test
  void requiresARegistryUrl() {
    assertThatThrownBy(() -> new FulcrumAvroConverter().configure(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(
            () ->
                new FulcrumAvroConverter()
                    .configure(Map.of("schema.registry.url", "ftp://x"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }
}
