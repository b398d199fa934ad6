package io.fulcrum.connect.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/** Posts alerts to Alertmanager's API v2 ({@code POST /api/v2/alerts}). */
final class AlertmanagerClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> alertmanagers;
  private final Duration timeout;
  private final int maxPerRequest;
  private final HttpClient http;

  AlertmanagerClient(List<URI> alertmanagers, Duration timeout, int maxPerRequest) {
    this.alertmanagers = List.copyOf(alertmanagers);
    this.timeout = timeout;
    this.maxPerRequest = maxPerRequest;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * Sends the alerts to every Alertmanager. Returns once at least one accepted all of them.
   *
   * @throws RetriableException when none did and at least one failure may pass (unreachable, 5xx,
   *     429)
   * @throws ConnectException when every Alertmanager rejected the alerts as invalid (4xx): retrying
   *     cannot help
   */
  void send(List<Alert> alerts) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i += maxPerRequest) {
      bodies.add(json(alerts.subList(i, Math.min(alerts.size(), i + maxPerRequest))));
    }
    List<String> failures = new ArrayList<>();
    boolean retriable = false;
    for (URI am : alertmanagers) {
      Outcome o = post(am.resolve(am.getPath() + "/api/v2/alerts"), bodies);
      if (o == null) {
        return;
      }
      failures.add(o.problem());
      retriable |= o.retriable();
    }
    String message =
        "no Alertmanager accepted " + alerts.size() + " alert(s): " + String.join("; ", failures);
    throw retriable ? new RetriableException(message) : new ConnectException(message);
  }

  /** Null when every body was accepted. */
  private Outcome post(URI endpoint, List<String> bodies) {
    for (String body : bodies) {
      HttpRequest req =
          HttpRequest.newBuilder(endpoint)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      try {
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        int status = resp.statusCode();
        if (status / 100 != 2) {
          boolean retriable = status >= 500 || status == 408 || status == 429;
          return new Outcome(
              endpoint + " answered " + status + ": " + resp.body().strip(), retriable);
        }
      } catch (IOException e) {
        return new Outcome(endpoint + " unreachable: " + e, true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(endpoint + ": interrupted", true);
      }
    }
    return null;
  }

  private static String json(List<Alert> alerts) {
    try {
      return JSON.writeValueAsString(alerts.stream().map(Alert::toJson).toList());
    } catch (JsonProcessingException e) {
      throw new ConnectException("cannot encode alerts as JSON", e);
    }
  }

  private record Outcome(String problem, boolean retriable) {}
}
