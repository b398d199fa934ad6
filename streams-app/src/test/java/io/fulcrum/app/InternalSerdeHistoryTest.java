package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.avro.internal.RemediationState;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * State written by the version before an upgrade is still read: the stream thread must not die on
 * its own state.
 */
class InternalSerdeHistoryTest {

  @Test
  void anOpenIncidentStoredBeforeTheDiagnosisFieldIsReadWithAnEmptyDiagnosis() throws Exception {
    Schema v1 = InternalSerde.earlierVersions("RemediationState").get(0);
    Schema incident = v1.getField("incident").schema().getTypes().get(1);
    GenericRecord open = new GenericData.Record(incident);
    for (Schema.Field f : incident.getFields()) {
      open.put(f.name(), f.hasDefaultValue() ? GenericData.get().getDefaultValue(f) : null);
    }
    open.put("incidentId", "be_web@1");
    open.put("state", "ROLLBACK_ISSUED");
    open.put("summary", "be_web: web-1 got 99%");
    open.put("onsetAt", 1_000L);
    open.put("updatedAt", 2_000L);
    GenericRecord state = new GenericData.Record(v1);
    for (Schema.Field f : v1.getFields()) {
      state.put(f.name(), f.hasDefaultValue() ? GenericData.get().getDefaultValue(f) : null);
    }
    state.put("pool", "be_web");
    for (String f :
        List.of("lastWindowStart", "streakOnset", "streakDetectedAt", "healthyStreakStart")) {
      state.put(f, 0L);
    }
    state.put("anomalyStreak", 2);
    state.put("healthyStreak", 0);
    state.put("incident", open);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1);
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(v1).write(state, enc);
    enc.flush();

    InternalSerde<RemediationState> serde = new InternalSerde<>(RemediationState.class);
    RemediationState read = serde.deserializer().deserialize("t", out.toByteArray());

    assertThat(serde.version()).isEqualTo(3);
    assertThat(read.getIncident().getIncidentId()).isEqualTo("be_web@1");
    assertThat(read.getIncident().getDiagnosis()).isEmpty();
    byte[] again = serde.serializer().serialize("t", read);
    assertThat(again[0]).isEqualTo((byte) 3);
    assertThat(serde.deserializer().deserialize("t", again)).isEqualTo(read);
  }

  @Test
  void anIncidentStoredBeforeApprovalModeIsReadWithNoPendingProposal() throws Exception {
    Schema v2 = InternalSerde.earlierVersions("RemediationState").get(1);
    Schema incident = v2.getField("incident").schema().getTypes().get(1);
    GenericRecord open = withDefaults(incident);
    open.put("incidentId", "be_web@1");
    open.put("state", "ROLLBACK_ISSUED");
    open.put("summary", "be_web: web-1 got 99%");
    open.put("onsetAt", 1_000L);
    open.put("updatedAt", 2_000L);
    GenericRecord state = withDefaults(v2);
    state.put("pool", "be_web");
    for (String f :
        List.of("lastWindowStart", "streakOnset", "streakDetectedAt", "healthyStreakStart")) {
      state.put(f, 0L);
    }
    state.put("anomalyStreak", 0);
    state.put("healthyStreak", 0);
    state.put("incident", open);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(2);
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(v2).write(state, enc);
    enc.flush();

    RemediationState read =
        new InternalSerde<>(RemediationState.class)
            .deserializer()
            .deserialize("t", out.toByteArray());

    assertThat(read.getIncident().getIncidentId()).isEqualTo("be_web@1");
    assertThat(read.getIncident().getProposedFrom()).isNull();
    assertThat(read.getIncident().getApprovalExpiresAt()).isNull();
    assertThat(read.getIncident().getApprovalNote()).isEmpty();
  }

  private static GenericRecord withDefaults(Schema schema) {
    GenericRecord r = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      r.put(f.name(), f.hasDefaultValue() ? GenericData.get().getDefaultValue(f) : null);
    }
    return r;
  }

  @Test
  void theHistoryHoldsOnlyEarlierVersionsThatTheCurrentSchemaReads() {
    Schema current = RemediationState.getClassSchema();
    List<Schema> earlier = InternalSerde.earlierVersions("RemediationState");
    assertThat(earlier).isNotEmpty().doesNotContain(current);
    for (Schema s : earlier) {
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, s).getType())
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @Test
  void aFormatFromANewerVersionIsANamedError() {
    InternalSerde<RemediationState> serde = new InternalSerde<>(RemediationState.class);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {4, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown internal format 4 of RemediationState");
  }
}
