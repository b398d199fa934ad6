package io.fulcrum.ingest;

/** Parses one access-log line. Implementations are not thread-safe unless stated otherwise. */
public interface LineParser {

  /**
   * @param line one log line, with or without a trailing newline
   * @return the parsed request, or null for a valid line that is not a proxied request (nginx
   *     {@code pool=-})
   * @throws LineParseException if the line is empty, truncated or malformed; the message names the
   *     problem
   */
  ParsedRequest parse(String line) throws LineParseException;

  /** The name used by {@link LineParsers#forFormat}: "haproxy", "nginx" or "jsonl". */
  String formatName();
}
