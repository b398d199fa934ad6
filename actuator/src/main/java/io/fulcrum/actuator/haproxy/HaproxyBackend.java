package io.fulcrum.actuator.haproxy;

import io.fulcrum.actuator.backend.ApplyReport;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.actuator.backend.FileConfigStore;
import io.fulcrum.actuator.backend.Processes;
import io.fulcrum.actuator.backend.RuntimeServer;
import io.fulcrum.actuator.backend.StoreBackend;
import io.fulcrum.guard.LbFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls an HAProxy pool (a backend section named like the pool) to a stored version: validate the
 * candidate set of files with {@code haproxy -c}, switch the pool's pointer, reload through the
 * master CLI (the listeners stay open; old workers drain), then read back through the runtime API
 * that the target's servers run and are UP. A validation or reload failure puts the old pointer
 * back. A verification failure leaves the new config in place (HAProxy runs it already) and reports
 * why.
 */
public final class HaproxyBackend extends StoreBackend {
  public static final String NAME = "haproxy";
  private static final Logger log = LoggerFactory.getLogger(HaproxyBackend.class);
  private static final long POLL_NANOS = 50_000_000L;

  private final HaproxySettings settings;
  private final HaproxyRuntime runtime;

  public HaproxyBackend(HaproxySettings settings) {
    super(new FileConfigStore(settings.store(), ".cfg"));
    this.settings = settings;
    this.runtime =
        new HaproxyRuntime(
            settings.masterSocket(), settings.statsSocket(), settings.commandTimeout());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public LbFormat format() {
    return LbFormat.HAPROXY;
  }

  /** The current workers' pids: a successful reload starts new ones, a failed one keeps the old. */
  @Override
  public String loadedGeneration() throws BackendException {
    return runtime.showProc().workers().stream()
        .sorted()
        .map(String::valueOf)
        .collect(Collectors.joining(","));
  }

  /**
   * From {@code show servers state}: MAINT and DRAIN as the admin state, {@code set server ...
   * weight} as set.
   */
  @Override
  public Map<String, RuntimeServer> runtimeServers(String pool) throws BackendException {
    return ServersState.runtimeServers(runtime.serversState(pool));
  }

  @Override
  public ApplyReport apply(ApplyRequest request) throws BackendException {
    String pool = request.pool();
    String version = request.toVersion();
    String before = store.active(pool);
    List<DeclaredServer> servers =
        HaproxyConfigFile.servers(store.versionFile(pool, version), pool);
    validate(pool, version);
    ProcList procBefore = runtime.showProc();
    store.activate(pool, version);
    try {
      runtime.reload();
      awaitReload(procBefore);
    } catch (BackendException e) {
      store.restore(pool, before);
      throw new BackendException(
          e.getMessage() + "; the pointer of " + pool + " is back at " + before, e);
    }
    ProcList after = runtime.showProc();
    long t0 = System.nanoTime();
    awaitServers(pool, version, servers);
    String detail =
        "haproxy master "
            + after.masterPid()
            + " reloaded (workers "
            + procBefore.workers()
            + " -> "
            + after.workers()
            + "), "
            + servers.size()
            + " servers of "
            + pool
            + " verified in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms";
    log.info("{}: {} -> {}: {}", pool, before, version, detail);
    return new ApplyReport(before, version, weights(servers), detail);
  }

  @Override
  public String confirmServing(String pool, String version) throws BackendException {
    List<DeclaredServer> servers =
        HaproxyConfigFile.servers(store.versionFile(pool, version), pool);
    return ServersState.mismatch(pool, servers, runtime.serversState(pool));
  }

  private void validate(String pool, String version) throws BackendException {
    List<String> cmd = new ArrayList<>(List.of(settings.binary().toString(), "-c"));
    List<Path> files = new ArrayList<>(settings.baseConfig());
    files.addAll(store.activeFilesWith(pool, version));
    files.forEach(
        f -> {
          cmd.add("-f");
          cmd.add(f.toString());
        });
    Processes.Result r = Processes.run(cmd, settings.commandTimeout());
    if (!r.ok()) {
      throw new BackendException(
          version
              + " of "
              + pool
              + " does not validate (haproxy -c exit "
              + r.exitCode()
              + "): "
              + alerts(r.output())
              + "; nothing was changed");
    }
  }

  /**
   * HAProxy's ALERT lines on one line (the NOTICE lines around them say nothing about the error).
   */
  static String alerts(String output) {
    List<String> alerts =
        output.lines().filter(l -> l.contains("[ALERT]")).map(String::strip).toList();
    return String.join(" | ", alerts.isEmpty() ? output.lines().toList() : alerts);
  }

  private void awaitReload(ProcList before) throws BackendException {
    long deadline = System.nanoTime() + settings.verifyTimeout().toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      ProcList now = null;
      try {
        now = runtime.showProc();
      } catch (BackendException e) {
        last = e.getMessage(); // the master re-executes itself: its socket is briefly gone
      }
      if (now != null && now.reloadFailedSince(before)) {
        throw new BackendException(
            "haproxy master " + now.masterPid() + " reported a failed reload (see its log)");
      }
      if (now != null && now.reloadedSince(before)) {
        return;
      }
      if (now != null) {
        last = "workers still " + now.workers();
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    throw new BackendException(
        "haproxy did not start a new worker within "
            + settings.verifyTimeout().toMillis()
            + " ms ("
            + last
            + ")");
  }

  private void awaitServers(String pool, String version, List<DeclaredServer> servers)
      throws BackendException {
    long deadline = System.nanoTime() + settings.verifyTimeout().toNanos();
    String mismatch;
    do {
      try {
        mismatch = ServersState.mismatch(pool, servers, runtime.serversState(pool));
      } catch (BackendException e) {
        mismatch = e.getMessage(); // a stats socket is rebound by the new worker: retry
      }
      if (mismatch == null) {
        return;
      }
      LockSupport.parkNanos(POLL_NANOS);
    } while (System.nanoTime() < deadline);
    throw new BackendException(
        "haproxy reloaded with "
            + version
            + " of "
            + pool
            + " but after "
            + settings.verifyTimeout().toMillis()
            + " ms: "
            + mismatch);
  }

  private static Map<String, Double> weights(List<DeclaredServer> servers) {
    Map<String, Double> m = new LinkedHashMap<>();
    servers.forEach(s -> m.put(s.name(), s.effectiveWeight()));
    return m;
  }
}
