package io.fulcrum.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small JSON-over-HTTP helper for the REST APIs the tests drive (Connect, Alertmanager). */
public final class Http {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  /** The response, or null when nothing listens. */
  public static HttpResponse<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
  }

  public static HttpResponse<String> put(URI uri, Object body) {
    return send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json(body)))
            .build());
  }

  public static JsonNode getJson(URI uri) {
    HttpResponse<String> r = get(uri);
    if (r == null || r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET "
              + uri
              + " failed: "
              + (r == null ? "unreachable" : r.statusCode() + " " + r.body()));
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + uri + " returned no JSON: " + r.body(), e);
    }
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static HttpResponse<String> send(HttpRequest req) {
    try {
      return CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
