package io.fulcrum.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.avro.LbConfigChange;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --config-changes} JSON Lines: {@code
 * {"timestamp":"2026-03-14T09:00:00Z","pool":"be_web","version":"v41","servers":{"web-1":1}}} with
 * optional {@code author} and {@code description}; timestamp may also be epoch ms.
 */
public final class ConfigChangesFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigChangesFile() {}

  public static List<LbConfigChange> read(Path file) throws IOException {
    List<LbConfigChange> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        try {
          out.add(parse(JSON.readTree(line)));
        } catch (IOException | IllegalArgumentException e) {
          throw new IllegalArgumentException(file + " line " + n + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  static LbConfigChange parse(JsonNode n) {
    JsonNode ts = n.get("timestamp");
    if (ts == null
        || n.path("pool").asText("").isBlank()
        || n.path("version").asText("").isBlank()) {
      throw new IllegalArgumentException("timestamp, pool and version are required");
    }
    Instant at;
    try {
      at = ts.isNumber() ? Instant.ofEpochMilli(ts.asLong()) : Instant.parse(ts.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "bad timestamp '" + ts.asText() + "' (ISO-8601 like 2026-03-14T09:00:00Z, or epoch ms)");
    }
    Map<String, Double> servers = null;
    JsonNode s = n.get("servers");
    if (s != null && s.isObject()) {
      servers = new LinkedHashMap<>();
      for (var it = s.fields(); it.hasNext(); ) {
        var e = it.next();
        if (!e.getValue().isNumber() || e.getValue().asDouble() < 0) {
          throw new IllegalArgumentException("weight of " + e.getKey() + " must be a number >= 0");
        }
        servers.put(e.getKey(), e.getValue().asDouble());
      }
    }
    return LbConfigChange.newBuilder()
        .setTimestamp(at)
        .setPool(n.get("pool").asText())
        .setVersion(n.get("version").asText())
        .setServers(servers)
        .setAuthor(n.hasNonNull("author") ? n.get("author").asText() : null)
        .setDescription(n.hasNonNull("description") ? n.get("description").asText() : null)
        .build();
  }
}
