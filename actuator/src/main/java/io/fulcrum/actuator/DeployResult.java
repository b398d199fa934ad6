package io.fulcrum.actuator;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.guard.check.CheckReport;

/**
 * What a deploy did. Bad input (unknown pool or version, a config that does not parse, missing
 * settings) is an {@link IllegalArgumentException} instead, before anything changed.
 *
 * @param report the guard's report on the candidate against the active version
 * @param change the announcement published, or null (blocked, failed, nothing to do)
 * @param detail what happened, for a person
 * @param announced false when the change was applied but could not be published (the watcher will
 *     announce it)
 */
public record DeployResult(
    Outcome outcome,
    String pool,
    String versionBefore,
    String version,
    CheckReport report,
    LbConfigChange change,
    String detail,
    boolean announced) {
  /** Exit codes of {@code fulcrum deploy}. */
  public enum Outcome {
    /** Applied (validated, switched, reloaded, verified) and announced. */
    APPLIED(0),
    /** The version is active already: nothing changed, nothing announced. */
    UNCHANGED(0),
    /** The guard blocked it and it was not forced: nothing changed, nothing announced. */
    BLOCKED(1),
    /**
     * The backend could not apply it; the previous config is back where the backend could put it
     * back.
     */
    FAILED(3);

    private final int exitCode;

    Outcome(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  /**
   * Bad input: a missing file, a config that does not parse, an unknown pool or version, a bad
   * setting.
   */
  public static final int BAD_INPUT = 2;

  public int exitCode() {
    return outcome.exitCode();
  }
}
