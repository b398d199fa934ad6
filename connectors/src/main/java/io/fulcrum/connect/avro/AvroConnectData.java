package io.fulcrum.connect.avro;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Values between Fulcrum's generated Avro classes and Connect structs, in both directions,
 * following {@link ConnectSchemas}. Thread-safe.
 */
public final class AvroConnectData {
  private final ConnectSchemas schemas = new ConnectSchemas();

  public Schema connectSchema(org.apache.avro.Schema avro) {
    return schemas.toConnect(avro);
  }

  /** A generated record as a struct. */
  public Struct toConnect(SpecificRecord record) {
    return (Struct) toConnect(record.getSchema(), connectSchema(record.getSchema()), record);
  }

  /**
   * A struct (from any converter whose field names match) as the generated class of {@code type}.
   */
  public <T extends SpecificRecord> T fromConnect(Class<T> type, Struct struct) {
    org.apache.avro.Schema avro = SpecificData.get().getSchema(type);
    return type.cast(fromConnect(avro, struct, avro.getFullName()));
  }

  /** A struct as an instance of the generated class whose full name is the struct schema's name. */
  public SpecificRecord fromConnect(Struct struct) {
    return (SpecificRecord)
        fromConnect(
            GeneratedTypes.schemaOf(struct.schema().name()), struct, struct.schema().name());
  }

  private Object toConnect(org.apache.avro.Schema avro, Schema connect, Object value) {
    if (value == null) {
      return null;
    }
    return switch (avro.getType()) {
      case RECORD -> {
        IndexedRecord r = (IndexedRecord) value;
        Struct s = new Struct(connect);
        for (org.apache.avro.Schema.Field f : avro.getFields()) {
          s.put(f.name(), toConnect(f.schema(), connect.field(f.name()).schema(), r.get(f.pos())));
        }
        yield s;
      }
      case UNION -> toConnect(ConnectSchemas.nonNullBranch(avro), connect, value);
      case LONG -> value instanceof Instant i ? Date.from(i) : value;
      case STRING, ENUM -> value.toString();
      case BYTES -> value instanceof ByteBuffer b ? bytes(b) : value;
      case ARRAY -> {
        List<Object> out = new ArrayList<>();
        for (Object o : (Collection<?>) value) {
          out.add(toConnect(avro.getElementType(), connect.valueSchema(), o));
        }
        yield out;
      }
      case MAP -> {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) value)
            .forEach(
                (k, v) ->
                    out.put(
                        k.toString(), toConnect(avro.getValueType(), connect.valueSchema(), v)));
        yield out;
      }
      default -> value;
    };
  }

  private Object fromConnect(org.apache.avro.Schema avro, Object value, String path) {
    if (value == null) {
      if (avro.getType() == org.apache.avro.Schema.Type.UNION
          || avro.getType() == org.apache.avro.Schema.Type.NULL) {
        return null;
      }
      throw new DataException(path + " is null but " + avro.getType() + " is not optional");
    }
    return switch (avro.getType()) {
      case RECORD -> record(avro, value, path);
      case UNION -> fromConnect(ConnectSchemas.nonNullBranch(avro), value, path);
      case LONG ->
          avro.getLogicalType() instanceof LogicalTypes.TimestampMillis
              ? instant(value, path)
              : number(value, path).longValue();
      case INT -> number(value, path).intValue();
      case DOUBLE -> number(value, path).doubleValue();
      case FLOAT -> number(value, path).floatValue();
      case BOOLEAN -> (Boolean) value;
      case STRING -> value.toString();
      case ENUM -> enumSymbol(avro, value.toString(), path);
      case BYTES -> value instanceof byte[] b ? ByteBuffer.wrap(b) : value;
      case ARRAY -> {
        List<Object> out = new ArrayList<>();
        for (Object o : (Collection<?>) value) {
          out.add(fromConnect(avro.getElementType(), o, path + "[]"));
        }
        yield out;
      }
      case MAP -> {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) value)
            .forEach(
                (k, v) ->
                    out.put(k.toString(), fromConnect(avro.getValueType(), v, path + "." + k)));
        yield out;
      }
      default ->
          throw new DataException(
              path + ": Avro type " + avro.getType() + " has no Connect mapping here");
    };
  }

  private Object record(org.apache.avro.Schema avro, Object value, String path) {
    if (!(value instanceof Struct struct)) {
      throw new DataException(
          path
              + " should be a struct for "
              + avro.getFullName()
              + ", got "
              + value.getClass().getName());
    }
    IndexedRecord r = (IndexedRecord) SpecificData.get().newRecord(null, avro);
    for (org.apache.avro.Schema.Field f : avro.getFields()) {
      Field cf = struct.schema().field(f.name());
      if (cf == null) {
        if (!f.hasDefaultValue()) {
          throw new DataException(
              path + "." + f.name() + " is missing and has no default in " + avro.getFullName());
        }
        r.put(f.pos(), SpecificData.get().getDefaultValue(f));
      } else {
        r.put(f.pos(), fromConnect(f.schema(), struct.get(cf), path + "." + f.name()));
      }
    }
    return r;
  }

  private static Object enumSymbol(org.apache.avro.Schema avro, String symbol, String path) {
    if (!avro.hasEnumSymbol(symbol)) {
      throw new DataException(path + ": '" + symbol + "' is not one of " + avro.getEnumSymbols());
    }
    return SpecificData.get().createEnum(symbol, avro);
  }

  private static Instant instant(Object value, String path) {
    if (value instanceof Date d) {
      return d.toInstant();
    }
    return Instant.ofEpochMilli(number(value, path).longValue());
  }

  private static Number number(Object value, String path) {
    if (value instanceof Number n) {
      return n;
    }
    throw new DataException(path + " should be a number, got " + value.getClass().getName());
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
