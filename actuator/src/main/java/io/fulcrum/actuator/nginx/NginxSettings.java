package io.fulcrum.actuator.nginx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one nginx.
 *
 * @param binary the nginx program
 * @param store the config store root ({@code versions/<pool>/<version>.conf}, {@code
 *     active/<pool>.conf})
 * @param config the main config file ({@code nginx -c}); null = nginx's compiled-in default
 * @param prefix the prefix path ({@code nginx -p}); null = compiled-in default
 * @param pidFile the master's pid file, to check that new workers started; null = no check
 * @param verifyTimeout how long new workers have to appear
 * @param commandTimeout limit of {@code nginx -t} and {@code nginx -s reload}
 */
public record NginxSettings(
    Path binary,
    Path store,
    Path config,
    Path prefix,
    Path pidFile,
    Duration verifyTimeout,
    Duration commandTimeout) {
  public NginxSettings {
    Objects.requireNonNull(binary, "binary");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(verifyTimeout, "verifyTimeout");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
  }

  /**
   * {@code nginx [-p prefix] [-c config] -e stderr}: the arguments every invocation starts with.
   */
  public java.util.List<String> baseCommand() {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(binary.toString()));
    if (prefix != null) {
      cmd.add("-p");
      cmd.add(prefix.toString());
    }
    if (config != null) {
      cmd.add("-c");
      cmd.add(config.toString());
    }
    // Startup messages to stderr, so a non-root run does not trip on the default error log path
    // (nginx >= 1.19.5).
    cmd.add("-e");
    cmd.add("stderr");
    return cmd;
  }
}
