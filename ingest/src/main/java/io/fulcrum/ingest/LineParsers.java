package io.fulcrum.ingest;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** Factory for {@link LineParser}s by format name. */
public final class LineParsers {

  /** The accepted format names, in documentation order. */
  public static final List<String> FORMAT_NAMES = List.of("haproxy", "nginx", "jsonl");

  private LineParsers() {}

  /**
   * Returns a new parser on every call (parsers are not thread-safe, so each stream task needs its
   * own).
   *
   * @param name "haproxy", "nginx" or "jsonl" (case-insensitive)
   * @param zone zone of HAProxy's local timestamps; ignored by the other formats; null means UTC
   * @throws IllegalArgumentException for an unknown name; the message lists the valid names
   */
  public static LineParser forFormat(String name, ZoneId zone) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "haproxy" -> new HaproxyHttpLogParser(zone == null ? ZoneOffset.UTC : zone);
      case "nginx" -> new NginxUpstreamLogParser();
      case "jsonl" -> new JsonLinesParser();
      default ->
          throw new IllegalArgumentException(
              "unknown log format '"
                  + name
                  + "'; valid formats: "
                  + String.join(", ", FORMAT_NAMES));
    };
  }
}
