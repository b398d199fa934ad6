package io.fulcrum.actuator.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the webhook backend posts.
 *
 * @param url the endpoint (http or https)
 * @param secret HMAC-SHA256 key of the {@code X-Fulcrum-Signature} header (never printed)
 * @param connectTimeout TCP connect limit
 * @param timeout limit of one request, response included
 * @param retries extra attempts after a 5xx, 429 or I/O error
 * @param backoff wait before the first retry; doubled for each further one
 */
public record WebhookSettings(
    URI url,
    byte[] secret,
    Duration connectTimeout,
    Duration timeout,
    int retries,
    Duration backoff) {
  public WebhookSettings {
    Objects.requireNonNull(url, "url");
    secret = secret.clone();
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0");
    }
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public String toString() {
    return "WebhookSettings[url="
        + url
        + ", secret=(hidden), connectTimeout="
        + connectTimeout
        + ", timeout="
        + timeout
        + ", retries="
        + retries
        + ", backoff="
        + backoff
        + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookSettings w
        && url.equals(w.url)
        && java.util.Arrays.equals(secret, w.secret)
        && connectTimeout.equals(w.connectTimeout)
        && timeout.equals(w.timeout)
        && retries == w.retries
        && backoff.equals(w.backoff);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, connectTimeout, timeout, retries, backoff);
  }
}
