package io.fulcrum.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.avro.RequestEvent;
import io.fulcrum.serde.registry.MockSchemaRegistry;
import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvroStringSerdeTest {
  private final MockSchemaRegistry registry = new MockSchemaRegistry("string-keys");
  private final AvroStringSerde serde = new AvroStringSerde(registry, true);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "be_web",
        "",
        "пул-ü",
        "a-pool-name-longer-than-sixty-four-bytes-so-the-length-needs-two-varint-bytes"
      })
  void encodesExactlyAsAvrosOwnBinaryEncoder(String key) throws Exception {
    byte[] ours = serde.serializer().serialize("t", key);
    int id = registry.lookup("t-key", Schema.create(Schema.Type.STRING));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(new byte[] {0, 0, 0, 0, (byte) id});
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(expected, null);
    new GenericDatumWriter<CharSequence>(Schema.create(Schema.Type.STRING)).write(key, enc);
    enc.flush();
    assertThat(ours).isEqualTo(expected.toByteArray());
    assertThat(serde.deserializer().deserialize("t", ours)).isEqualTo(key);
  }

  @Test
  void rejectsAKeyWrittenWithARecordSchema() {
    byte[] record =
        new AvroSerializer<RequestEvent>(registry, true)
            .serialize("t", SampleRecords.request("w", 200));
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", record))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("topic t")
        .hasMessageContaining("expected an Avro string");
  }

  @Test
  void rejectsAPlainStringKey() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", "be_web".getBytes()))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("not an Avro string");
  }
}
