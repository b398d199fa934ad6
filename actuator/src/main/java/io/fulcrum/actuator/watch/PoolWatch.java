package io.fulcrum.actuator.watch;

import io.fulcrum.actuator.backend.ConfigChanges;
import io.fulcrum.actuator.backend.RuntimeServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one pool's load balancer really runs, round after round, and whether that has been
 * announced. No I/O: the {@link ConfigWatcher} reads the file, the LB and the topic, and this
 * decides.
 *
 * <ul>
 *   <li>A new content of the active file counts once the LB has reloaded after it (the generation
 *       changed), so an edit waiting for its reload is not announced early, and a reload that
 *       failed keeps the old content live.
 *   <li>Its version is the stored version the pointer names; {@code <version>+sha-<hash>} when that
 *       version was announced with other content (edited in place); {@code sha-<hash>} when the
 *       file is no stored version.
 *   <li>Server weights and admin states set at runtime that differ from the live file are drift:
 *       announced as {@code <version>+runtime-<hash>} with the weights the LB really uses. When
 *       they match the file again, the return to the file's weights is announced.
 *   <li>Nothing is announced when the topic's latest change for the pool already says it: a deploy,
 *       a rollback, or an earlier round.
 * </ul>
 */
public final class PoolWatch {
  static final String RUNTIME_TAG = "+runtime-";

  private final String pool;
  private final String fileName;
  private Live loaded;
  private String generation;

  /** The file content taken as the one the LB runs. */
  private record Live(
      String hash, String version, Map<String, Integer> declared, Map<String, Integer> weights) {}

  /**
   * @param fileName how the active file is named in descriptions, e.g. {@code active/be_web.cfg}
   */
  public PoolWatch(String pool, String fileName) {
    this.pool = pool;
    this.fileName = fileName;
  }

  /**
   * The change to announce after this round, if any; {@code last} is the topic's latest for the
   * pool, or null.
   */
  public Optional<Announcement> observe(Observed o, Announced last) {
    boolean reloaded =
        o.generation() == null || generation == null || !o.generation().equals(generation);
    if (loaded == null || !o.file().hash().equals(loaded.hash) && reloaded) {
      loaded =
          new Live(o.file().hash(), versionOf(o, last), o.file().declared(), o.file().weights());
    }
    generation = o.generation();
    Map<String, Integer> runtime = runtimeWeights(o.runtime());
    Announcement live =
        runtime == null || runtime.equals(loaded.weights)
            ? fileAnnouncement(last)
            : driftAnnouncement(runtime, o.runtime());
    if (last != null
        && last.version().equals(live.version())
        && (last.configHash() == null || last.configHash().equals(live.configHash()))) {
      return Optional.empty();
    }
    return Optional.of(live);
  }

  /** The version live now (for tests and logs), or null before the first round. */
  public String liveVersion() {
    return loaded == null ? null : loaded.version;
  }

  private String versionOf(Observed o, Announced last) {
    String h = ConfigChanges.shortHash(o.file().hash());
    if (o.storedVersion() == null) {
      return "sha-" + h;
    }
    boolean editedInPlace =
        last != null
            && last.version().equals(o.storedVersion())
            && last.configHash() != null
            && !last.configHash().equals(o.file().hash());
    return editedInPlace ? o.storedVersion() + "+sha-" + h : o.storedVersion();
  }

  /**
   * The runtime weights of the file's non-backup servers (missing ones as 0); null when there is
   * nothing to audit.
   */
  private Map<String, Integer> runtimeWeights(Map<String, RuntimeServer> runtime) {
    if (runtime == null || runtime.isEmpty()) {
      return null;
    }
    Map<String, Integer> m = new LinkedHashMap<>();
    loaded
        .weights
        .keySet()
        .forEach(
            name ->
                m.put(name, runtime.containsKey(name) ? runtime.get(name).effectiveWeight() : 0));
    return m;
  }

  private Announcement fileAnnouncement(Announced last) {
    boolean driftEnded = last != null && last.version().startsWith(loaded.version + RUNTIME_TAG);
    String description =
        driftEnded
            ? "runtime state of "
                + pool
                + " matches "
                + loaded.version
                + " again: back to the file's weights"
            : "found live on "
                + pool
                + " and not announced by whoever made it: "
                + fileName
                + " is "
                + (loaded.version.startsWith("sha-") ? "no stored version" : loaded.version)
                + " (sha256 "
                + ConfigChanges.shortHash(loaded.hash)
                + ")";
    return new Announcement(
        pool,
        loaded.version,
        loaded.declared,
        driftEnded ? ConfigChanges.RUNTIME : ConfigChanges.DETECTED,
        description,
        loaded.hash);
  }

  private Announcement driftAnnouncement(
      Map<String, Integer> runtime, Map<String, RuntimeServer> servers) {
    String canonical = new TreeMap<>(runtime).toString();
    String version =
        loaded.version
            + RUNTIME_TAG
            + ConfigChanges.shortHash(
                ConfigChanges.sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    List<String> diffs = new ArrayList<>();
    Map<String, Integer> weights = new LinkedHashMap<>();
    runtime.forEach(
        (name, w) -> {
          int file = loaded.weights.get(name);
          if (w > 0 || file > 0) {
            weights.put(name, w);
          }
          if (w != file) {
            RuntimeServer s = servers.get(name);
            diffs.add(
                s == null
                    ? name + " not running (weight " + file + " in the file)"
                    : s.adminState() != null
                        ? name + " " + s.adminState() + " (weight " + file + " in the file)"
                        : name + " weight " + file + " -> " + w);
          }
        });
    return new Announcement(
        pool,
        version,
        weights,
        ConfigChanges.RUNTIME,
        "runtime state of "
            + pool
            + " differs from "
            + loaded.version
            + ": "
            + String.join(", ", diffs),
        loaded.hash);
  }
}
