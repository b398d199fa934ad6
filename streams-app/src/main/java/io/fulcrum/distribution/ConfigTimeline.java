package io.fulcrum.distribution;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.internal.ConfigEntry;
import io.fulcrum.avro.internal.ConfigHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Questions about one pool's config history, answered in event time. Immutable. */
public final class ConfigTimeline {
  /** Oldest entries beyond this are dropped: enough for any lookback and last-known-good search. */
  public static final int MAX_ENTRIES = 64;

  private final List<ConfigEntry> entries;

  public ConfigTimeline(ConfigHistory history) {
    this.entries = history == null ? List.of() : List.copyOf(history.getEntries());
  }

  public static ConfigHistory append(ConfigHistory history, LbConfigChange change) {
    List<ConfigEntry> entries =
        history == null ? new ArrayList<>() : new ArrayList<>(history.getEntries());
    long ts = change.getTimestamp().toEpochMilli();
    boolean duplicate =
        entries.stream()
            .anyMatch(e -> e.getVersion().equals(change.getVersion()) && e.getTimestamp() == ts);
    if (!duplicate) {
      Map<String, Double> weights = change.getServers();
      entries.add(
          ConfigEntry.newBuilder()
              .setVersion(change.getVersion())
              .setTimestamp(ts)
              .setWeights(weights == null ? null : Map.copyOf(weights))
              .setAuthor(change.getAuthor())
              .setDescription(change.getDescription())
              .build());
      entries.sort(Comparator.comparingLong(ConfigEntry::getTimestamp));
      while (entries.size() > MAX_ENTRIES) {
        entries.remove(0);
      }
    }
    return ConfigHistory.newBuilder().setPool(change.getPool()).setEntries(entries).build();
  }

  /** The version deployed most recently at or before {@code ts}. */
  public Optional<ConfigEntry> activeAt(long ts) {
    ConfigEntry found = null;
    for (ConfigEntry e : entries) {
      if (e.getTimestamp() <= ts) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The latest change deployed in {@code [from, to]}: the suspect for an anomaly with onset before
   * {@code to}.
   */
  public Optional<ConfigEntry> latestBetween(long from, long to) {
    ConfigEntry found = null;
    for (ConfigEntry e : entries) {
      if (e.getTimestamp() >= from && e.getTimestamp() <= to) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Whether {@code history} (null: none) has a change deployed in {@code [from, to]}. */
  public static boolean changedBetween(ConfigHistory history, long from, long to) {
    return new ConfigTimeline(history).latestBetween(from, to).isPresent();
  }

  /** The version active just before {@code entry} was deployed. */
  public Optional<ConfigEntry> before(ConfigEntry entry) {
    ConfigEntry prev = null;
    for (ConfigEntry e : entries) {
      if (e == entry
          || (e.getTimestamp() == entry.getTimestamp()
              && e.getVersion().equals(entry.getVersion()))) {
        return Optional.ofNullable(prev);
      }
      prev = e;
    }
    return Optional.empty();
  }

  public List<ConfigEntry> entries() {
    return entries;
  }
}
