package io.fulcrum.actuator.nginx;

import io.fulcrum.actuator.backend.ApplyReport;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.actuator.backend.FileConfigStore;
import io.fulcrum.actuator.backend.Processes;
import io.fulcrum.actuator.backend.StoreBackend;
import io.fulcrum.guard.LbFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls an nginx pool to a stored version: switch the pool's pointer, test the whole config with
 * {@code nginx -t}, signal {@code nginx -s reload}, then (with a pid file) wait for the master to
 * start new workers. nginx can only test the config it would load, so the pointer is switched first
 * and put back if the test, the signal or the new workers fail.
 */
public final class NginxBackend extends StoreBackend {
  public static final String NAME = "nginx";
  private static final Logger log = LoggerFactory.getLogger(NginxBackend.class);

  private final NginxSettings settings;

  public NginxBackend(NginxSettings settings) {
    super(new FileConfigStore(settings.store(), ".conf"));
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public LbFormat format() {
    return LbFormat.NGINX;
  }

  /**
   * The master's workers when a pid file is configured (a reload replaces them), else null:
   * unknown.
   */
  @Override
  public String loadedGeneration() throws BackendException {
    return settings.pidFile() == null
        ? null
        : workers().stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
  }

  @Override
  public ApplyReport apply(ApplyRequest request) throws BackendException {
    String pool = request.pool();
    String version = request.toVersion();
    String before = store.active(pool);
    Set<Long> workersBefore = workers();
    store.activate(pool, version);
    try {
      run("-t", version + " of " + pool + " does not pass nginx -t");
      run("-s reload", "nginx -s reload failed");
      String detail = awaitNewWorkers(workersBefore);
      log.info("{}: {} -> {}: {}", pool, before, version, detail);
      return new ApplyReport(before, version, null, detail);
    } catch (BackendException e) {
      store.restore(pool, before);
      throw new BackendException(
          e.getMessage() + "; the pointer of " + pool + " is back at " + before, e);
    }
  }

  private void run(String args, String failure) throws BackendException {
    List<String> cmd = new ArrayList<>(settings.baseCommand());
    cmd.addAll(List.of(args.split(" ")));
    Processes.Result r = Processes.run(cmd, settings.commandTimeout());
    if (!r.ok()) {
      throw new BackendException(failure + " (exit " + r.exitCode() + "): " + r.output());
    }
  }

  private String awaitNewWorkers(Set<Long> before) throws BackendException {
    if (settings.pidFile() == null) {
      return "nginx reload signalled (no pid file configured to check new workers)";
    }
    long deadline = System.nanoTime() + settings.verifyTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      Set<Long> now = workers();
      if (now.stream().anyMatch(w -> !before.contains(w))) {
        return "nginx master " + masterPid() + " reloaded (workers " + before + " -> " + now + ")";
      }
      LockSupport.parkNanos(50_000_000L);
    }
    throw new BackendException(
        "nginx master "
            + masterPid()
            + " started no new worker within "
            + settings.verifyTimeout().toMillis()
            + " ms (see its error log)");
  }

  /** The master's children now; empty without a pid file. */
  private Set<Long> workers() throws BackendException {
    if (settings.pidFile() == null) {
      return Set.of();
    }
    return ProcessHandle.of(masterPid())
        .map(h -> h.children().map(ProcessHandle::pid).collect(Collectors.toSet()))
        .orElseThrow(
            () ->
                new BackendException(
                    "the nginx master in " + settings.pidFile() + " is not running"));
  }

  private long masterPid() throws BackendException {
    try {
      return Long.parseLong(Files.readString(settings.pidFile()).strip());
    } catch (IOException | NumberFormatException e) {
      throw new BackendException(
          "cannot read the nginx pid from " + settings.pidFile() + ": " + e.getMessage(), e);
    }
  }
}
