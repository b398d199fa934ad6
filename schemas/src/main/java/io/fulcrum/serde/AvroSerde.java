package io.fulcrum.serde;

import io.fulcrum.serde.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/** Serde for a generated Avro class in Confluent's wire format. */
public final class AvroSerde<T extends SpecificRecord> extends Serdes.WrapperSerde<T> {
  public AvroSerde(Class<T> type) {
    super(new AvroSerializer<>(), new AvroDeserializer<>(type));
  }

  public AvroSerde(Class<T> type, SchemaRegistryClient registry, boolean isKey) {
    super(new AvroSerializer<>(registry, isKey), new AvroDeserializer<>(type, registry));
  }
}
