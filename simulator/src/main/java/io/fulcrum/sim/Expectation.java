package io.fulcrum.sim;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a correct detector does on a scenario. Kinds are plain strings so this package does not
 * depend on the detection package.
 *
 * @param mustDetectKinds kinds that must be raised for {@code brokenPool} (others may be too)
 * @param mustStayQuiet no alert of any kind, on any pool
 * @param rollbackExpected an automatic rollback of {@code brokenPool} to {@code
 *     lastKnownGoodVersion}
 * @param onsetOffsetMs offset from the scenario start at which the incident begins; -1 if none
 * @param badVersion the version to roll back from; null unless a rollback is expected
 * @param lastKnownGoodVersion the version to roll back to; null unless a rollback is expected
 * @param harmDelayMs how long after the onset the harm is big enough to see (a change that ramps
 *     in); latency targets count from then
 */
public record Expectation(
    Set<String> mustDetectKinds,
    boolean mustStayQuiet,
    boolean rollbackExpected,
    String brokenPool,
    long onsetOffsetMs,
    String badVersion,
    String lastKnownGoodVersion,
    long harmDelayMs) {

  public static final String IMBALANCE = "IMBALANCE";
  public static final String ERROR_SPIKE = "ERROR_SPIKE";
  public static final String LATENCY = "LATENCY";
  public static final String POOL_SILENT = "POOL_SILENT";
  public static final Set<String> KINDS = Set.of(IMBALANCE, ERROR_SPIKE, LATENCY, POOL_SILENT);

  public Expectation(
      Set<String> mustDetectKinds,
      boolean mustStayQuiet,
      boolean rollbackExpected,
      String brokenPool,
      long onsetOffsetMs,
      String badVersion,
      String lastKnownGoodVersion) {
    this(
        mustDetectKinds,
        mustStayQuiet,
        rollbackExpected,
        brokenPool,
        onsetOffsetMs,
        badVersion,
        lastKnownGoodVersion,
        0);
  }

  public Expectation {
    require(harmDelayMs >= 0, "harmDelayMs must be >= 0");
    mustDetectKinds =
        Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(mustDetectKinds)));
    for (String k : mustDetectKinds) {
      if (!KINDS.contains(k)) {
        throw new IllegalArgumentException(
            "unknown kind " + k + "; known: " + new TreeSet<>(KINDS));
      }
    }
    if (mustStayQuiet) {
      require(
          mustDetectKinds.isEmpty()
              && !rollbackExpected
              && brokenPool == null
              && onsetOffsetMs == -1
              && badVersion == null
              && lastKnownGoodVersion == null,
          "a quiet scenario has no incident");
    } else {
      require(
          !mustDetectKinds.isEmpty() && brokenPool != null && onsetOffsetMs >= 0,
          "an incident needs kinds, a broken pool and an onset");
    }
    if (rollbackExpected) {
      require(
          badVersion != null
              && lastKnownGoodVersion != null
              && !badVersion.equals(lastKnownGoodVersion),
          "a rollback needs distinct bad and last-known-good versions");
    } else {
      require(
          badVersion == null && lastKnownGoodVersion == null,
          "versions are only named for a rollback");
    }
  }

  public static Expectation quiet() {
    return new Expectation(Set.of(), true, false, null, -1, null, null);
  }

  public static Expectation rollback(
      String pool, long onsetOffsetMs, String badVersion, String lastKnownGood, String... kinds) {
    return new Expectation(
        Set.of(kinds), false, true, pool, onsetOffsetMs, badVersion, lastKnownGood);
  }

  /** The same, with the harm visible only {@code ms} after the onset. */
  public Expectation withHarmDelayMs(long ms) {
    return new Expectation(
        mustDetectKinds,
        mustStayQuiet,
        rollbackExpected,
        brokenPool,
        onsetOffsetMs,
        badVersion,
        lastKnownGoodVersion,
        ms);
  }

  /** Alert, but no config change is to blame: rolling back would not help. */
  public static Expectation alertOnly(String pool, long onsetOffsetMs, String... kinds) {
    return new Expectation(Set.of(kinds), false, false, pool, onsetOffsetMs, null, null);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("inconsistent expectation: " + message);
    }
  }
}
