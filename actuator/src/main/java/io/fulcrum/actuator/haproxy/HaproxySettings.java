package io.fulcrum.actuator.haproxy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach one HAProxy in master-worker mode.
 *
 * @param binary the haproxy program (for {@code haproxy -c})
 * @param store the config store root ({@code versions/<pool>/<version>.cfg}, {@code
 *     active/<pool>.cfg})
 * @param baseConfig files HAProxy loads before {@code <store>/active} (global, defaults,
 *     frontends), in order
 * @param masterSocket the master CLI socket ({@code haproxy -W -S <path>}): reload and {@code show
 *     proc}
 * @param statsSocket a worker stats socket for {@code show servers state}; null = ask the worker
 *     through the master
 * @param verifyTimeout how long the reload and the target's servers have to come up
 * @param commandTimeout limit of {@code haproxy -c} and of each socket command
 */
public record HaproxySettings(
    Path binary,
    Path store,
    List<Path> baseConfig,
    Path masterSocket,
    Path statsSocket,
    Duration verifyTimeout,
    Duration commandTimeout) {
  public HaproxySettings {
    Objects.requireNonNull(binary, "binary");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(masterSocket, "masterSocket");
    baseConfig = List.copyOf(baseConfig);
    Objects.requireNonNull(verifyTimeout, "verifyTimeout");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
  }

  /**
   * The {@code -f} arguments HAProxy must be started with so it loads what this backend activates.
   */
  public List<Path> loadOrder() {
    List<Path> files = new java.util.ArrayList<>(baseConfig);
    files.add(store.resolve("active"));
    return files;
  }
}
