package io.fulcrum.actuator.haproxy;

import io.fulcrum.actuator.backend.BackendException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** HAProxy's master CLI and runtime API, as the backend needs them. */
final class HaproxyRuntime {
  private final Path masterSocket;
  private final Path statsSocket;
  private final Duration timeout;

  HaproxyRuntime(Path masterSocket, Path statsSocket, Duration timeout) {
    this.masterSocket = masterSocket;
    this.statsSocket = statsSocket;
    this.timeout = timeout;
  }

  ProcList showProc() throws BackendException {
    try {
      return ProcList.parse(UnixSocketCli.send(masterSocket, "show proc", timeout));
    } catch (IOException | IllegalArgumentException e) {
      throw new BackendException(
          "cannot read 'show proc' from the haproxy master at "
              + masterSocket
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Asks the master to reload; the answer (none in 2.6) is not awaited beyond the socket closing.
   */
  void reload() throws BackendException {
    try {
      UnixSocketCli.send(masterSocket, "reload", timeout);
    } catch (IOException e) {
      throw new BackendException(
          "cannot send 'reload' to the haproxy master at " + masterSocket + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * The servers of {@code backend} in the current worker: from the stats socket, else through the
   * master ({@code @1}).
   */
  Map<String, ServersState.Running> serversState(String backend) throws BackendException {
    String cmd = "show servers state " + backend;
    try {
      String answer =
          statsSocket != null
              ? UnixSocketCli.send(statsSocket, cmd, timeout)
              : UnixSocketCli.send(masterSocket, "@1 " + cmd, timeout);
      return ServersState.parse(answer);
    } catch (IOException | RuntimeException e) {
      throw new BackendException(
          "cannot read the servers of " + backend + " from haproxy: " + e.getMessage(), e);
    }
  }
}
