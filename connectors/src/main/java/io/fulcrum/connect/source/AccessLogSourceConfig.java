package io.fulcrum.connect.source;

import io.fulcrum.ingest.LineParsers;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the access-log source connector, declared once. The task reads the same definition
 * with its own share of {@link #FILES}.
 */
public record AccessLogSourceConfig(
    List<Path> files,
    String format,
    OutputMode outputMode,
    String topic,
    ZoneId timezone,
    long pollIntervalMs,
    int batchSize,
    int maxLineBytes,
    boolean startAtEnd,
    String poolOverride,
    boolean failOnParseError) {

  public static final String FILES = "files";
  public static final String FORMAT = "format";
  public static final String OUTPUT_MODE = "output.mode";
  public static final String TOPIC = "topic";
  public static final String TIMEZONE = "timezone";
  public static final String POLL_INTERVAL_MS = "poll.interval.ms";
  public static final String BATCH_SIZE = "batch.size";
  public static final String MAX_LINE_BYTES = "max.line.bytes";
  public static final String START_POSITION = "start.position";
  public static final String POOL_OVERRIDE = "pool.override";
  public static final String PARSE_ERROR_POLICY = "parse.error.policy";

  public static final String RAW_TOPIC = "fulcrum.access-logs";
  public static final String AVRO_TOPIC = "fulcrum.requests";

  /** What a line becomes. */
  public enum OutputMode {
    /** The line itself, a string for {@value #RAW_TOPIC}; the Streams app parses it. */
    RAW,
    /**
     * A parsed {@code RequestEvent} struct for {@value #AVRO_TOPIC}, for the Fulcrum Avro
     * converter.
     */
    AVRO
  }

  public static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              FILES,
              Type.LIST,
              ConfigDef.NO_DEFAULT_VALUE,
              AccessLogSourceConfig::validateFiles,
              Importance.HIGH,
              "Absolute paths of the access logs to tail, comma separated. Rotated siblings (<file>.1, <file>-date) "
                  + "must stay in the same directory. The files are shared out over the tasks.")
          .define(
              FORMAT,
              Type.STRING,
              "haproxy",
              ValidString.in(LineParsers.FORMAT_NAMES.toArray(String[]::new)),
              Importance.HIGH,
              "Log format, for output.mode=avro: haproxy, nginx or jsonl (see docs/operations.md).")
          .define(
              OUTPUT_MODE,
              Type.STRING,
              "raw",
              ValidString.in("raw", "avro"),
              Importance.HIGH,
              "raw: each line as a string (use StringConverter); avro: a parsed RequestEvent "
                  + "(use io.fulcrum.connect.avro.FulcrumAvroConverter).")
          .define(
              TOPIC,
              Type.STRING,
              "",
              Importance.HIGH,
              "Target topic. Empty means "
                  + RAW_TOPIC
                  + " in raw mode and "
                  + AVRO_TOPIC
                  + " in avro mode.")
          .define(
              TIMEZONE,
              Type.STRING,
              "UTC",
              AccessLogSourceConfig::validateZone,
              Importance.LOW,
              "Zone of HAProxy's local timestamps (avro mode).")
          .define(
              POLL_INTERVAL_MS,
              Type.LONG,
              500L,
              Range.between(10L, 60_000L),
              Importance.MEDIUM,
              "How long a task waits when no file has a new line.")
          .define(
              BATCH_SIZE,
              Type.INT,
              2000,
              Range.between(1, 1_000_000),
              Importance.MEDIUM,
              "Most lines one poll returns.")
          .define(
              MAX_LINE_BYTES,
              Type.INT,
              65_536,
              Range.between(256, 16 * 1024 * 1024),
              Importance.LOW,
              "Longer lines are skipped whole.")
          .define(
              START_POSITION,
              Type.STRING,
              "beginning",
              ValidString.in("beginning", "end"),
              Importance.MEDIUM,
              "Where to start in a file with no stored offset: its beginning, or after its last complete line.")
          .define(
              POOL_OVERRIDE,
              Type.STRING,
              "",
              Importance.LOW,
              "Avro mode: set this pool on every event instead of the parsed backend/upstream name. Empty keeps it.")
          .define(
              PARSE_ERROR_POLICY,
              Type.STRING,
              "skip",
              ValidString.in("skip", "fail"),
              Importance.MEDIUM,
              "Avro mode, a line that does not parse: skip it (counted in the unparsed-lines metric and logged) or fail "
                  + "the task.");

  public static AccessLogSourceConfig from(Map<String, String> props) {
    AbstractConfig c = new AbstractConfig(DEFINITION, props);
    OutputMode mode = OutputMode.valueOf(c.getString(OUTPUT_MODE).toUpperCase(Locale.ROOT));
    String topic = c.getString(TOPIC).trim();
    if (topic.isEmpty()) {
      topic = mode == OutputMode.RAW ? RAW_TOPIC : AVRO_TOPIC;
    }
    return new AccessLogSourceConfig(
        c.getList(FILES).stream().map(Path::of).toList(),
        c.getString(FORMAT),
        mode,
        topic,
        ZoneId.of(c.getString(TIMEZONE)),
        c.getLong(POLL_INTERVAL_MS),
        c.getInt(BATCH_SIZE),
        c.getInt(MAX_LINE_BYTES),
        "end".equals(c.getString(START_POSITION)),
        c.getString(POOL_OVERRIDE).trim(),
        "fail".equals(c.getString(PARSE_ERROR_POLICY)));
  }

  private static void validateFiles(String name, Object value) {
    @SuppressWarnings("unchecked")
    List<String> files = (List<String>) value;
    if (files == null || files.isEmpty()) {
      throw new ConfigException(name, value, "list at least one access-log file");
    }
    for (String f : files) {
      if (f.isBlank() || !Path.of(f).isAbsolute()) {
        throw new ConfigException(name, f, "each file must be an absolute path");
      }
      if (Path.of(f).getFileName() == null) {
        throw new ConfigException(name, f, "not a file path");
      }
    }
    if (files.stream().distinct().count() != files.size()) {
      throw new ConfigException(name, value, "a file is listed twice");
    }
  }

  private static void validateZone(String name, Object value) {
    try {
      ZoneId.of(String.valueOf(value));
    } catch (DateTimeException e) {
      throw new ConfigException(name, value, "not a time zone id (e.g. UTC, Europe/Paris)");
    }
  }
}
