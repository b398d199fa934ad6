package io.fulcrum.actuator.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.actuator.backend.ApplyReport;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.BackendException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the rollback to an existing CD pipeline or remediation service: POSTs a JSON body, signed
 * with HMAC-SHA256 over {@code <X-Fulcrum-Timestamp>.<body>}, and takes the outcome from the
 * status. 2xx = applied; 5xx, 429 and I/O errors are retried with exponential backoff; any other
 * status fails at once. The receiver should dedupe on {@code Idempotency-Key} (the command id),
 * since a retry may follow a request that did arrive.
 */
public final class WebhookBackend implements Backend {
  public static final String NAME = "webhook";
  public static final String SIGNATURE_HEADER = "X-Fulcrum-Signature";
  public static final String TIMESTAMP_HEADER = "X-Fulcrum-Timestamp";
  private static final Logger log = LoggerFactory.getLogger(WebhookBackend.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebhookSettings settings;
  private final String actuatorId;
  private final Clock clock;
  private final HttpClient http;

  public WebhookBackend(WebhookSettings settings, String actuatorId, Clock clock) {
    this.settings = settings;
    this.actuatorId = actuatorId;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The receiver owns the versions: unknown here, so the actuator never answers NOOP for a webhook
   * pool.
   */
  @Override
  public String activeVersion(String pool) {
    return null;
  }

  @Override
  public boolean hasVersion(String pool, String version) {
    return true;
  }

  @Override
  public ApplyReport apply(ApplyRequest request) throws BackendException {
    String body = body(request);
    int attempts = settings.retries() + 1;
    String last = "";
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        HttpResponse<String> response =
            http.send(signed(request.commandId(), body), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return new ApplyReport(
              null,
              request.toVersion(),
              null,
              "webhook "
                  + settings.url().getHost()
                  + " answered "
                  + status
                  + " on attempt "
                  + attempt);
        }
        last = "HTTP " + status + " " + snippet(response.body());
        if (status < 500 && status != 429) {
          throw new BackendException(
              "webhook " + settings.url() + " refused the rollback: " + last);
        }
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException("interrupted while calling the webhook", e);
      }
      if (attempt < attempts) {
        long wait = settings.backoff().toMillis() << (attempt - 1);
        log.warn(
            "webhook attempt {}/{} for command {} failed ({}); retrying in {} ms",
            attempt,
            attempts,
            request.commandId(),
            last,
            wait);
        pause(wait);
      }
    }
    throw new BackendException(
        "webhook " + settings.url() + " failed after " + attempts + " attempts: " + last);
  }

  /** The signature header value for a body sent at {@code epochSeconds}: {@code sha256=<hex>}. */
  public static String signature(byte[] secret, long epochSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] digest = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private HttpRequest signed(String commandId, String body) {
    long now = clock.instant().getEpochSecond();
    return HttpRequest.newBuilder(settings.url())
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", commandId)
        .header(TIMESTAMP_HEADER, Long.toString(now))
        .header(SIGNATURE_HEADER, signature(settings.secret(), now, body))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
  }

  private String body(ApplyRequest r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", "fulcrum.rollback");
    o.put("commandId", r.commandId());
    o.put("incidentId", r.incidentId());
    o.put("pool", r.pool());
    o.put("fromVersion", r.fromVersion());
    o.put("toVersion", r.toVersion());
    o.put("reason", r.reason());
    o.put("actuatorId", actuatorId);
    o.put("sentAt", clock.instant().toString());
    return o.toString();
  }

  private static void pause(long millis) throws BackendException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while waiting to retry the webhook", e);
    }
  }

  private static String snippet(String body) {
    String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return b.length() > 200 ? b.substring(0, 200) + "..." : b;
  }
}
