package io.fulcrum.remediate;

import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.avro.internal.VersionHealth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What one pool's windows have shown about each config version, to find the LAST KNOWN GOOD
 * version: the most recently deployed one that was seen healthy often enough while active and was
 * never blamed for an incident. "The previous version" is not good enough: it may never have served
 * traffic, or be the one that broke last time.
 */
public final class VersionLedger {
  /** Oldest versions beyond this are forgotten (ConfigTimeline keeps as many). */
  public static final int MAX_VERSIONS = 64;

  private final List<VersionHealth> versions;

  VersionLedger(List<VersionHealth> stored) {
    this.versions = new ArrayList<>();
    if (stored != null) {
      stored.forEach(v -> versions.add(VersionHealth.newBuilder(v).build()));
    }
  }

  /**
   * Records one window against the version active at its end. Only a version active for the whole
   * window earns a healthy window: the window a bad version lands in may still look healthy from
   * the old routing.
   */
  void observe(ConfigEntry active, long windowStart, boolean healthy) {
    if (active == null) {
      return;
    }
    VersionHealth v = record(active.getVersion(), active.getTimestamp(), windowStart);
    if (healthy && active.getTimestamp() <= windowStart) {
      v.setHealthyWindows(v.getHealthyWindows() + 1);
    }
  }

  /** Marks the suspected cause of an incident: it is never a rollback target again. */
  void implicate(ConfigEntry suspect, long now) {
    record(suspect.getVersion(), suspect.getTimestamp(), now).setImplicated(true);
  }

  /** The most recently deployed known-good version, not in {@code exclude}. */
  Optional<VersionHealth> lastKnownGood(int minHealthy, Collection<String> exclude) {
    return versions.stream()
        .filter(
            v ->
                !v.getImplicated()
                    && v.getHealthyWindows() >= minHealthy
                    && !exclude.contains(v.getVersion()))
        .max(Comparator.comparingLong(VersionHealth::getDeployedAt));
  }

  /** Why {@link #lastKnownGood} found nothing, for the escalation reason. */
  String whyNoKnownGood(int minHealthy, Collection<String> exclude) {
    Optional<VersionHealth> best =
        versions.stream()
            .filter(v -> !v.getImplicated() && !exclude.contains(v.getVersion()))
            .max(Comparator.comparingLong(VersionHealth::getDeployedAt));
    return best.map(
            v ->
                "no known-good version to roll back to: "
                    + v.getVersion()
                    + " was healthy for only "
                    + v.getHealthyWindows()
                    + " window"
                    + (v.getHealthyWindows() == 1 ? "" : "s")
                    + " ("
                    + minHealthy
                    + " needed)")
        .orElse("no known-good version to roll back to: no other version has been seen healthy");
  }

  public Optional<VersionHealth> get(String version) {
    return versions.stream().filter(v -> v.getVersion().equals(version)).findFirst();
  }

  List<VersionHealth> toAvro() {
    List<VersionHealth> out = new ArrayList<>(versions.size());
    versions.forEach(v -> out.add(VersionHealth.newBuilder(v).build()));
    return out;
  }

  private VersionHealth record(String version, long deployedAt, long seenAt) {
    Optional<VersionHealth> found = get(version);
    if (found.isPresent()) {
      // A rollback re-deploys an old version: it is then the most recent deploy.
      VersionHealth v = found.get();
      v.setDeployedAt(Math.max(v.getDeployedAt(), deployedAt));
      return v;
    }
    VersionHealth v =
        VersionHealth.newBuilder()
            .setVersion(version)
            .setDeployedAt(deployedAt)
            .setFirstSeenActive(seenAt)
            .setHealthyWindows(0)
            .setImplicated(false)
            .build();
    versions.add(v);
    if (versions.size() > MAX_VERSIONS) {
      versions.stream()
          .filter(x -> x != v)
          .min(Comparator.comparingLong(VersionHealth::getDeployedAt))
          .ifPresent(versions::remove);
    }
    return v;
  }
}
