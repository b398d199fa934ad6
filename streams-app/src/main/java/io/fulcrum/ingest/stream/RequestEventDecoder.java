package io.fulcrum.ingest.stream;

import io.fulcrum.avro.RequestEvent;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.ingest.RequestEvents;
import io.fulcrum.serde.AvroDeserializer;
import io.fulcrum.serde.WireFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@link RequestEvent}s in Confluent's wire format straight into {@link ParsedRequest}s. When
 * the writer schema is exactly today's {@code RequestEvent} (the usual case), the seven fields are
 * read from the Avro binary in place, with pool, server and frontend names interned, and no
 * generated object is built. Records written with any other schema (older or newer versions) go
 * through the schema-resolving {@link AvroDeserializer}, as do records the fast path finds
 * malformed, so errors read the same either way. Validation beyond the wire format (a blank pool)
 * is left to the topology. Thread-safe: Kafka Streams shares a source's deserializer among its
 * threads.
 */
public final class RequestEventDecoder implements Deserializer<ParsedRequest> {
  private static final Schema CURRENT = RequestEvent.getClassSchema();

  private final Deserializer<RequestEvent> generic;
  private final AvroDeserializer<RequestEvent> schemas;
  private final Utf8Names names = new Utf8Names(4096);
  private final Map<Integer, Boolean> currentById = new ConcurrentHashMap<>();

  /**
   * The last schema id looked up, and whether it is the current schema: one topic rarely has two.
   */
  private volatile IdVerdict last = new IdVerdict(Integer.MIN_VALUE, false);

  private record IdVerdict(int id, boolean current) {}

  /**
   * @param generic the configured deserializer of the requests topic; the fast path needs an {@link
   *     AvroDeserializer}
   */
  public RequestEventDecoder(Deserializer<RequestEvent> generic) {
    this.generic = generic;
    this.schemas = generic instanceof AvroDeserializer<RequestEvent> a ? a : null;
  }

  @Override
  public ParsedRequest deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length > WireFormat.HEADER_SIZE
        && data[0] == WireFormat.MAGIC_BYTE
        && isCurrent(topic, WireFormat.schemaId(data))) {
      ParsedRequest fast = decodeCurrent(data);
      if (fast != null) {
        return fast;
      }
    }
    RequestEvent e = generic.deserialize(topic, data);
    return e == null ? null : RequestEvents.toParsed(e);
  }

  private boolean isCurrent(String topic, int id) {
    IdVerdict v = last;
    if (v.id() != id) {
      if (schemas == null) {
        return false;
      }
      Boolean current = currentById.get(id);
      if (current == null) {
        try {
          current = CURRENT.equals(schemas.writerSchema(topic, id));
        } catch (RuntimeException e) {
          return false; // unknown or unreadable id: the generic path reports it
        }
        currentById.put(id, current);
      }
      v = new IdVerdict(id, current);
      last = v;
    }
    return v.current();
  }

  /**
   * The fields of today's schema in order: timestamp (long), pool (string), server (union
   * null|string), status (int), latencyMs (int), bytes (long), frontend (union null|string). Null
   * if malformed.
   */
  private ParsedRequest decodeCurrent(byte[] data) {
    Cursor c = new Cursor(data, WireFormat.HEADER_SIZE);
    long timestamp = c.readLong();
    String pool = c.readString(names);
    String server = c.readOptionalString(names);
    int status = c.readInt();
    int latencyMs = c.readInt();
    long bytes = c.readLong();
    String frontend = c.readOptionalString(names);
    if (c.failed || c.pos != data.length || pool == null) {
      return null;
    }
    return new ParsedRequest(timestamp, pool, server, status, latencyMs, bytes, frontend);
  }

  /** Avro binary primitives over a byte array; sets {@link #failed} instead of throwing. */
  private static final class Cursor {
    final byte[] buf;
    int pos;
    boolean failed;

    Cursor(byte[] buf, int pos) {
      this.buf = buf;
      this.pos = pos;
    }

    long readLong() {
      long raw = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= buf.length) {
          failed = true;
          return 0;
        }
        int b = buf[pos++] & 0xff;
        raw |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return (raw >>> 1) ^ -(raw & 1);
        }
      }
      failed = true;
      return 0;
    }

    int readInt() {
      long v = readLong();
      if (v != (int) v) {
        failed = true;
      }
      return (int) v;
    }

    String readString(Utf8Names names) {
      long len = readLong();
      if (failed || len < 0 || len > buf.length - pos) {
        failed = true;
        return null;
      }
      String s = names.get(buf, pos, (int) len);
      pos += (int) len;
      return s;
    }

    String readOptionalString(Utf8Names names) {
      long branch = readLong();
      if (branch == 0) {
        return null;
      }
      if (branch != 1) {
        failed = true;
        return null;
      }
      return readString(names);
    }
  }
}
