package io.fulcrum.connect.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Alertmanager API v2 postable alert. Alertmanager identifies an alert by its labels; a null
 * {@code endsAt} means firing (until resolve_timeout unless re-sent), a past one resolved.
 */
public record Alert(
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    Instant endsAt,
    String generatorUrl) {

  public boolean resolved() {
    return endsAt != null;
  }

  /** The same alert, resolved at {@code at} (never before it started). */
  public Alert resolvedAt(Instant at) {
    return new Alert(
        labels, annotations, startsAt, at.isBefore(startsAt) ? startsAt : at, generatorUrl);
  }

  /** The JSON object of {@code POST /api/v2/alerts}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("labels", labels);
    json.put("annotations", annotations);
    json.put("startsAt", startsAt.toString());
    if (endsAt != null) {
      json.put("endsAt", endsAt.toString());
    }
    if (generatorUrl != null && !generatorUrl.isEmpty()) {
      json.put("generatorURL", generatorUrl);
    }
    return json;
  }
}
