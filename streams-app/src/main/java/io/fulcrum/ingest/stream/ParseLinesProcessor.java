package io.fulcrum.ingest.stream;

import io.fulcrum.ingest.LineParseException;
import io.fulcrum.ingest.LineParser;
import io.fulcrum.ingest.LineParsers;
import io.fulcrum.ingest.MalformedInputException;
import io.fulcrum.ingest.ParsedRequest;
import java.time.ZoneId;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Parses raw access-log lines. A line that cannot be parsed throws {@link MalformedInputException},
 * which the DLQ handler turns into a dead letter with the reason; lines that are valid but not
 * proxied requests (nginx serving a static file) are dropped quietly.
 */
public final class ParseLinesProcessor implements FixedKeyProcessor<byte[], String, ParsedRequest> {
  private final String format;
  private final ZoneId zone;
  private final ParseCounters counters;
  private FixedKeyProcessorContext<byte[], ParsedRequest> context;
  private LineParser haproxy;
  private LineParser nginx;
  private LineParser jsonl;

  /**
   * @param format haproxy, nginx, jsonl, or auto (decided per line)
   */
  public ParseLinesProcessor(String format, ZoneId zone, ParseCounters counters) {
    this.format = format;
    this.zone = zone;
    this.counters = counters;
  }

  @Override
  public void init(FixedKeyProcessorContext<byte[], ParsedRequest> context) {
    this.context = context;
    // Parsers cache dates and names and are not thread-safe: one set per processor instance.
    this.haproxy = LineParsers.forFormat("haproxy", zone);
    this.nginx = LineParsers.forFormat("nginx", zone);
    this.jsonl = LineParsers.forFormat("jsonl", zone);
  }

  @Override
  public void process(FixedKeyRecord<byte[], String> record) {
    ParsedRequest parsed = parse(record.value());
    if (parsed != null) {
      context.forward(record.withValue(parsed).withTimestamp(parsed.timestampMs()));
    }
  }

  /**
   * Parses and counts one line (after {@link #init}): null for a valid line that is not a proxied
   * request. Also the per-line entry point of the fast replay, which skips the record wrappers.
   *
   * @throws MalformedInputException for a line that cannot be parsed, with the reason
   */
  public ParsedRequest parse(String line) {
    if (line == null || line.isBlank()) {
      counters.malformed();
      throw new MalformedInputException("empty access-log line");
    }
    LineParser parser = parserFor(line);
    ParsedRequest parsed;
    try {
      parsed = parser.parse(line);
    } catch (LineParseException e) {
      counters.malformed();
      throw new MalformedInputException(e.getMessage());
    }
    if (parsed == null) {
      counters.skipped();
      return null;
    }
    counters.parsed();
    return parsed;
  }

  LineParser parserFor(String line) {
    return switch (format) {
      case "haproxy" -> haproxy;
      case "nginx" -> nginx;
      case "jsonl" -> jsonl;
      default -> sniff(line);
    };
  }

  private LineParser sniff(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    if (i < line.length() && line.charAt(i) == '{') {
      return jsonl;
    }
    return line.startsWith("time=", i) || line.contains(" pool=") ? nginx : haproxy;
  }

  /** Metrics hooks, so this class needs no metrics library. */
  public interface ParseCounters {
    void parsed();

    void malformed();

    void skipped();

    ParseCounters NONE =
        new ParseCounters() {
          @Override
          public void parsed() {}

          @Override
          public void malformed() {}

          @Override
          public void skipped() {}
        };
  }
}
