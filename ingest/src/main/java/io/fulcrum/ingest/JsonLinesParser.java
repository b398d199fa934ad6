package io.fulcrum.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Parses one JSON object per line:
 *
 * <pre>{@code
 * {"timestamp":"2026-03-14T09:00:00.123Z","pool":"be_web","server":"web-1","status":200,"latencyMs":12,"bytes":512,"frontend":"fe"}
 * }</pre>
 *
 * {@code timestamp} is an ISO-8601 instant string (with {@code Z} or an offset) or an integer of
 * epoch milliseconds. {@code timestamp}, {@code pool} and {@code status} are required; {@code
 * server} and {@code frontend} may be absent or null, {@code latencyMs} and {@code bytes} default
 * to 0. Unknown fields are skipped. Types are strict: a number in a string, or a fraction where an
 * integer belongs, is rejected.
 *
 * <p>Uses Jackson's streaming parser. Stateless apart from the shared, thread-safe {@link
 * JsonFactory}, so unlike the text parsers an instance may be shared.
 */
public final class JsonLinesParser implements LineParser {

  /**
   * Thread-safe once built; sharing it shares Jackson's field-name symbol table and buffer
   * recycling.
   */
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private static final int MAX_REASON = 120;

  @Override
  public String formatName() {
    return "jsonl";
  }

  @Override
  public ParsedRequest parse(String line) throws LineParseException {
    if (line == null || line.isBlank()) {
      throw fail("empty line");
    }
    try (JsonParser p = FACTORY.createParser(line)) {
      return readObject(p);
    } catch (JsonProcessingException e) {
      throw fail(shorten("bad JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw fail(shorten("unreadable line: " + e.getMessage()));
    }
  }

  private static ParsedRequest readObject(JsonParser p) throws IOException, LineParseException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw fail("expected a JSON object");
    }
    long timestamp = 0;
    boolean hasTimestamp = false;
    String pool = null;
    String server = null;
    int status = 0;
    boolean hasStatus = false;
    int latency = 0;
    long bytes = 0;
    String frontend = null;

    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "timestamp" -> {
          timestamp = timestamp(p, value);
          hasTimestamp = true;
        }
        case "pool" -> {
          pool = string(p, value, "pool");
          if (pool == null || pool.isEmpty()) {
            throw fail("pool must be a non-empty string");
          }
        }
        case "server" -> server = string(p, value, "server");
        case "status" -> {
          if (value == JsonToken.VALUE_NULL) {
            throw fail("status must be an integer");
          }
          status = (int) integer(p, value, "status", -1, 999);
          hasStatus = true;
        }
        case "latencyMs" -> latency = (int) integer(p, value, "latencyMs", 0, Integer.MAX_VALUE);
        case "bytes" -> bytes = integer(p, value, "bytes", 0, Long.MAX_VALUE);
        case "frontend" -> frontend = string(p, value, "frontend");
        default -> p.skipChildren();
      }
    }
    // The loop above ends on END_OBJECT: Jackson itself rejects anything else inside an object.
    if (p.nextToken() != null) {
      throw fail("trailing content after the JSON object");
    }
    if (!hasTimestamp) {
      throw fail("missing field 'timestamp'");
    }
    if (pool == null) {
      throw fail("missing field 'pool'");
    }
    if (!hasStatus) {
      throw fail("missing field 'status'");
    }
    return new ParsedRequest(timestamp, pool, server, status, latency, bytes, frontend);
  }

  private static long timestamp(JsonParser p, JsonToken value)
      throws IOException, LineParseException {
    if (value == JsonToken.VALUE_NUMBER_INT
        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue();
    }
    if (value == JsonToken.VALUE_STRING) {
      String text = p.getText();
      try {
        return Instant.parse(text).toEpochMilli();
      } catch (DateTimeException | ArithmeticException e) {
        throw fail("bad timestamp " + Ascii.snippet(text, 0, text.length()));
      }
    }
    throw fail("timestamp must be an ISO-8601 string or epoch-millis integer");
  }

  /** A string field; JSON null gives null. */
  private static String string(JsonParser p, JsonToken value, String field)
      throws IOException, LineParseException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw fail(field + " must be a string");
    }
    return p.getText();
  }

  /**
   * An integer field within [min, max]; JSON null gives 0 (only optional fields reach here with
   * null).
   */
  private static long integer(JsonParser p, JsonToken value, String field, long min, long max)
      throws IOException, LineParseException {
    if (value == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw fail(field + " must be an integer");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw fail(field + " out of range");
    }
    long v = p.getLongValue();
    if (v < min || v > max) {
      throw fail(field + " out of range: " + v);
    }
    return v;
  }

  private static String shorten(String reason) {
    String oneLine = reason.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "...";
  }

  private static LineParseException fail(String reason) {
    return new LineParseException("jsonl: " + reason);
  }
}
