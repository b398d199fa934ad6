package io.fulcrum.connect.avro;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * The Connect schema of an Avro schema: records become structs named after the Avro full name, a
 * union with null an optional field, timestamp-millis a Connect {@link Timestamp}, enums strings
 * (with the enum's name and symbols as parameters), maps maps with string keys.
 */
public final class ConnectSchemas {
  /** Schema parameter naming the Avro enum a string field came from. */
  public static final String ENUM_PARAM = "fulcrum.avro.enum";

  public static final String ENUM_SYMBOLS_PARAM = "fulcrum.avro.enum.symbols";

  private final Map<org.apache.avro.Schema, Schema> cache = new ConcurrentHashMap<>();

  public Schema toConnect(org.apache.avro.Schema avro) {
    Schema cached = cache.get(avro);
    if (cached == null) {
      cached = builder(avro).build();
      cache.put(avro, cached);
    }
    return cached;
  }

  private SchemaBuilder builder(org.apache.avro.Schema avro) {
    return switch (avro.getType()) {
      case RECORD -> {
        SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName()).doc(avro.getDoc());
        for (org.apache.avro.Schema.Field f : avro.getFields()) {
          struct.field(f.name(), builder(f.schema()).doc(f.doc()).build());
        }
        yield struct;
      }
      case UNION -> builder(nonNullBranch(avro)).optional();
      case STRING -> SchemaBuilder.string();
      case INT -> SchemaBuilder.int32();
      case LONG ->
          avro.getLogicalType() instanceof LogicalTypes.TimestampMillis
              ? Timestamp.builder()
              : SchemaBuilder.int64();
      case DOUBLE -> SchemaBuilder.float64();
      case FLOAT -> SchemaBuilder.float32();
      case BOOLEAN -> SchemaBuilder.bool();
      case BYTES -> SchemaBuilder.bytes();
      case ENUM ->
          SchemaBuilder.string()
              .parameter(ENUM_PARAM, avro.getFullName())
              .parameter(ENUM_SYMBOLS_PARAM, String.join(",", avro.getEnumSymbols()));
      case ARRAY -> SchemaBuilder.array(builder(avro.getElementType()).build());
      case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, builder(avro.getValueType()).build());
      default ->
          throw new DataException(
              "Avro type " + avro.getType() + " (" + avro + ") has no Connect mapping here");
    };
  }

  /** The X of a union [null, X]; other unions are not used by Fulcrum's schemas. */
  static org.apache.avro.Schema nonNullBranch(org.apache.avro.Schema union) {
    var branches =
        union.getTypes().stream()
            .filter(s -> s.getType() != org.apache.avro.Schema.Type.NULL)
            .toList();
    if (branches.size() != 1 || union.getTypes().size() != 2) {
      throw new DataException("only unions of null and one type map to Connect: " + union);
    }
    return branches.get(0);
  }
}
