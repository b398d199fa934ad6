package io.fulcrum.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro records as flat JSON objects with Avro field names: times as epoch ms, enums as names, no
 * union wrappers.
 */
public final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonLines() {}

  public static String line(String type, SpecificRecord record) {
    ObjectNode node = F.objectNode();
    node.put("type", type);
    node.setAll(object(record));
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode object(SpecificRecord record) {
    ObjectNode node = F.objectNode();
    for (Schema.Field f : record.getSchema().getFields()) {
      node.set(f.name(), value(record.get(f.pos())));
    }
    return node;
  }

  private static com.fasterxml.jackson.databind.JsonNode value(Object v) {
    if (v == null) {
      return F.nullNode();
    } else if (v instanceof SpecificRecord r) {
      return object(r);
    } else if (v instanceof Instant i) {
      return F.numberNode(i.toEpochMilli());
    } else if (v instanceof CharSequence || v instanceof Enum<?>) {
      return F.textNode(v.toString());
    } else if (v instanceof Integer i) {
      return F.numberNode(i);
    } else if (v instanceof Long l) {
      return F.numberNode(l);
    } else if (v instanceof Double d) {
      return Double.isFinite(d) ? F.numberNode(d) : F.textNode(d.toString());
    } else if (v instanceof Boolean b) {
      return F.booleanNode(b);
    } else if (v instanceof ByteBuffer b) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      return F.textNode(Base64.getEncoder().encodeToString(bytes));
    } else if (v instanceof Collection<?> c) {
      ArrayNode a = F.arrayNode();
      c.forEach(x -> a.add(value(x)));
      return a;
    } else if (v instanceof Map<?, ?> m) {
      ObjectNode o = F.objectNode();
      m.forEach((k, x) -> o.set(k.toString(), value(x)));
      return o;
    }
    return F.textNode(v.toString());
  }
}
