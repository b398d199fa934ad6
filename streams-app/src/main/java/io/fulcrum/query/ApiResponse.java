package io.fulcrum.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response of the query API: status, JSON body and extra headers. */
public record ApiResponse(int status, byte[] body, Map<String, String> headers) {
  public static final String SERVED_BY = "X-Fulcrum-Served-By";
  public static final String FORWARDED = "X-Fulcrum-Forwarded";

  public static ApiResponse ok(Object body) {
    return json(200, body);
  }

  public static ApiResponse json(int status, Object body) {
    try {
      return new ApiResponse(status, JsonSerde.MAPPER.writeValueAsBytes(body), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write " + body.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** {@code {"error": message, "status": status}}. */
  public static ApiResponse error(int status, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("status", status);
    return json(status, m);
  }

  /** 503 with Retry-After: the data is moving between instances (or not loaded yet). */
  public static ApiResponse unavailable(String message, int retryAfterSeconds) {
    return error(503, message).withHeader("Retry-After", Integer.toString(retryAfterSeconds));
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, body, Map.copyOf(h));
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
