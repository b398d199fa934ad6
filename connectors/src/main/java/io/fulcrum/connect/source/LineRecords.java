package io.fulcrum.connect.source;

import io.fulcrum.avro.RequestEvent;
import io.fulcrum.connect.avro.AvroConnectData;
import io.fulcrum.ingest.LineParseException;
import io.fulcrum.ingest.LineParser;
import io.fulcrum.ingest.LineParsers;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.ingest.RequestEvents;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one line into its source record: the raw line, or the parsed {@link RequestEvent} as a
 * struct.
 */
final class LineRecords {
  private static final Logger log = LoggerFactory.getLogger(LineRecords.class);
  static final String PATH = "path";

  private final AccessLogSourceConfig config;
  private final LineParser parser;
  private final AvroConnectData data = new AvroConnectData();
  private final Schema requestSchema = data.connectSchema(RequestEvent.getClassSchema());
  private final TailStats stats;

  LineRecords(AccessLogSourceConfig config, TailStats stats) {
    this.config = config;
    this.stats = stats;
    this.parser = LineParsers.forFormat(config.format(), config.timezone());
  }

  static Map<String, String> sourcePartition(Path file) {
    return Map.of(PATH, file.toString());
  }

  /** The record for a line, or null for a line that yields no request (skipped). */
  SourceRecord toRecord(Path file, LineReader.Line line) {
    Map<String, ?> offset = line.next().toOffset();
    if (config.outputMode() == AccessLogSourceConfig.OutputMode.RAW) {
      return new SourceRecord(
          sourcePartition(file),
          offset,
          config.topic(),
          null,
          null,
          null,
          Schema.STRING_SCHEMA,
          line.text(),
          null);
    }
    ParsedRequest parsed = parse(file, line);
    if (parsed == null) {
      return null;
    }
    if (!config.poolOverride().isEmpty()) {
      parsed =
          new ParsedRequest(
              parsed.timestampMs(),
              config.poolOverride(),
              parsed.server(),
              parsed.status(),
              parsed.latencyMs(),
              parsed.bytes(),
              parsed.frontend());
    }
    Struct value = data.toConnect(RequestEvents.toEvent(parsed));
    return new SourceRecord(
        sourcePartition(file),
        offset,
        config.topic(),
        null,
        null,
        null,
        requestSchema,
        value,
        parsed.timestampMs());
  }

  private ParsedRequest parse(Path file, LineReader.Line line) {
    try {
      return parser.parse(line.text());
    } catch (LineParseException e) {
      if (config.failOnParseError()) {
        throw new ConnectException(
            file
                + " byte "
                + line.next().position()
                + ": "
                + e.getMessage()
                + " (parse.error.policy=fail)");
      }
      stats.unparsedLines.incrementAndGet();
      log.debug(
          "skipping a line of {} ending at byte {}: {}",
          file,
          line.next().position(),
          e.getMessage());
      return null;
    }
  }
}
