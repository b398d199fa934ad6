package io.fulcrum.actuator;

import io.fulcrum.guard.rehearse.RequestSample;
import java.util.Objects;

/**
 * A deploy of a stored version, as {@code fulcrum deploy} asks for it.
 *
 * @param rehearse also run both configs in a real LB on loopback ({@code --rehearse}), with {@code
 *     sample}'s requests
 * @param force apply even when the guard blocks; needs a {@code reason}, which the announcement
 *     carries
 * @param author who deploys, for the announcement
 */
public record DeployRequest(
    String pool,
    String version,
    boolean rehearse,
    RequestSample sample,
    boolean force,
    String reason,
    String author) {
  public DeployRequest {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(author, "author");
    sample = sample == null ? RequestSample.DEFAULT : sample;
    if (force && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException(
          "--force needs --reason TEXT: why the guard's verdict is overruled");
    }
    if (!force && reason != null) {
      throw new IllegalArgumentException("--reason goes with --force");
    }
  }
}
