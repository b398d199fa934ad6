package io.fulcrum.connect.avro;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.errors.DataException;

/** Finds the generated Avro class (io.fulcrum.avro.*) of a record name. */
final class GeneratedTypes {
  private GeneratedTypes() {}

  static Class<? extends SpecificRecord> classOf(String fullName) {
    Class<?> c =
        fullName == null
            ? null
            : SpecificData.get().getClass(Schema.createRecord(fullName, null, null, false));
    if (c == null || !SpecificRecord.class.isAssignableFrom(c)) {
      throw new DataException(
          "record type '"
              + fullName
              + "' is not one of Fulcrum's generated Avro classes "
              + "(io.fulcrum.avro.RequestEvent, AnomalyEvent, Incident, ...): this converter handles Fulcrum's topics only");
    }
    return c.asSubclass(SpecificRecord.class);
  }

  static Schema schemaOf(String fullName) {
    return SpecificData.get().getSchema(classOf(fullName));
  }
}
