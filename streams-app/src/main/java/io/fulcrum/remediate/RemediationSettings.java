package io.fulcrum.remediate;

import io.fulcrum.sign.CommandSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How eagerly and how often the policy may roll a pool back. A wrong rollback is itself an outage,
 * so every default errs towards a human: one rollback per incident, at most two per pool per hour.
 *
 * @param persistenceWindows K: consecutive anomalous windows before an incident opens (default 2:
 *     with 10 s windows and 2 s grace the command is issued 22 s after onset, inside the 30 s
 *     target)
 * @param lookback a config change this long before onset may be blamed (default 10 min, as
 *     detection)
 * @param minHealthyWindows healthy windows (no finding, enough traffic) a version needs while
 *     active to count as known good (default 3)
 * @param freshWindows a change that ran healthy for this many windows before onset has shown its
 *     effect: trouble that starts after that is not blamed on it (default 6, one minute of 10 s
 *     windows); the incident is then alert-only, with that reason
 * @param cooldown no rollback on a pool within this long of the previous one (default 10 min)
 * @param maxRollbacksPerHour rollbacks per pool in any 60 min of event time (default 2)
 * @param dryRun commands are marked dry-run: the actuator only reports what it would do
 * @param killSwitch never issue a command; incidents become ALERT_ONLY
 * @param verificationWindows M: windows after the actuator applied the rollback for the pool to
 *     recover (default 6); also how long to wait for the actuator's result
 * @param recoveryWindows consecutive healthy windows that count as recovered (default 2, like
 *     CLEARED)
 * @param allowAutomaticSecondRollback when verification fails, try the next older known-good
 *     version once. The guards still apply, so with the default cooldown it is suppressed: shorten
 *     the cooldown too if you want it
 * @param keyId names the signing secret, for rotation
 * @param secret the HMAC secret shared with the actuator (at least 16 bytes; never printed)
 * @param mode auto (issue the command), approve (propose it and wait for an operator) or alert
 *     (never propose); default auto
 * @param approvalTimeout approve mode: a proposal not answered within this long (event time)
 *     escalates (default 15 min)
 */
public record RemediationSettings(
    int persistenceWindows,
    Duration lookback,
    int minHealthyWindows,
    int freshWindows,
    Duration cooldown,
    int maxRollbacksPerHour,
    boolean dryRun,
    boolean killSwitch,
    int verificationWindows,
    int recoveryWindows,
    boolean allowAutomaticSecondRollback,
    String keyId,
    String secret,
    Mode mode,
    Duration approvalTimeout) {

  public static final int MIN_SECRET_BYTES = 16;

  /**
   * {@code fulcrum.remediation.mode}: what the policy does with a rollback that passed every guard.
   */
  public enum Mode {
    AUTO,
    APPROVE,
    ALERT;

    /**
     * "auto", "approve" or "alert", case-insensitive; anything else is an IllegalArgumentException.
     */
    public static Mode parse(String s) {
      for (Mode m : values()) {
        if (m.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
          return m;
        }
      }
      throw new IllegalArgumentException("must be auto, approve or alert, got '" + s + "'");
    }
  }

  public RemediationSettings {
    if (persistenceWindows < 1
        || minHealthyWindows < 1
        || recoveryWindows < 1
        || freshWindows < 1) {
      throw new IllegalArgumentException(
          "persistenceWindows, minHealthyWindows, freshWindows and recoveryWindows must be >= 1");
    }
    if (verificationWindows < recoveryWindows) {
      throw new IllegalArgumentException(
          "verificationWindows ("
              + verificationWindows
              + ") must be >= recoveryWindows ("
              + recoveryWindows
              + ")");
    }
    if (maxRollbacksPerHour < 0) {
      throw new IllegalArgumentException("maxRollbacksPerHour must be >= 0");
    }
    if (lookback == null || lookback.isNegative() || cooldown == null || cooldown.isNegative()) {
      throw new IllegalArgumentException("lookback and cooldown must be >= 0");
    }
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    if (approvalTimeout == null || approvalTimeout.isNegative() || approvalTimeout.isZero()) {
      throw new IllegalArgumentException("approvalTimeout must be > 0");
    }
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("keyId must not be blank");
    }
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the signing secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
  }

  /** The documented defaults, signing with key "default". */
  public static RemediationSettings defaults(String secret) {
    return new RemediationSettings(
        2,
        Duration.ofMinutes(10),
        3,
        6,
        Duration.ofMinutes(10),
        2,
        false,
        false,
        6,
        2,
        false,
        "default",
        secret,
        Mode.AUTO,
        Duration.ofMinutes(15));
  }

  public RemediationSettings withPersistenceWindows(int k) {
    return new RemediationSettings(
        k,
        lookback,
        minHealthyWindows,
        freshWindows,
        cooldown,
        maxRollbacksPerHour,
        dryRun,
        killSwitch,
        verificationWindows,
        recoveryWindows,
        allowAutomaticSecondRollback,
        keyId,
        secret,
        mode,
        approvalTimeout);
  }

  public RemediationSettings withFreshWindows(int n) {
    return new RemediationSettings(
        persistenceWindows,
        lookback,
        minHealthyWindows,
        n,
        cooldown,
        maxRollbacksPerHour,
        dryRun,
        killSwitch,
        verificationWindows,
        recoveryWindows,
        allowAutomaticSecondRollback,
        keyId,
        secret,
        mode,
        approvalTimeout);
  }

  public RemediationSettings withCooldown(Duration d) {
    return new RemediationSettings(
        persistenceWindows,
        lookback,
        minHealthyWindows,
        freshWindows,
        d,
        maxRollbacksPerHour,
        dryRun,
        killSwitch,
        verificationWindows,
        recoveryWindows,
        allowAutomaticSecondRollback,
        keyId,
        secret,
        mode,
        approvalTimeout);
  }

  public RemediationSettings withMaxRollbacksPerHour(int max) {
    return new RemediationSettings(
        persistenceWindows,
        lookback,
        minHealthyWindows,
        freshWindows,
        cooldown,
        max,
        dryRun,
        killSwitch,
        verificationWindows,
        recoveryWindows,
        allowAutomaticSecondRollback,
        keyId,
        secret,
        mode,
        approvalTimeout);
  }

  public RemediationSettings withDryRun(boolean on) {
    return new RemediationSettings(
        persistenceWindows,
        lookback,
        minHealthyWindows,
        freshWindows,
        cooldown,
        maxRollbacksPerHour,
        on,
        killSwitch,
        verificationWindows,
        recoveryWindows,
        allowAutomaticSecondRollback,
        keyId,
        secret,
        mode,
        approvalTimeout);
  }

  public RemediationSettings withKillSwitch(boolean on) {
    return new RemediationSettings(
        persistenceWindows,
        lookback,
        minHealthyWindows,
        freshWindows,
        cooldown,
        maxRollbacksPerHour,
        dryRun,
        on,
        verificationWindows,
        recoveryWindows,
        allowAutomaticSecondRollback,
        keyId,
        secret,
        mode,
        approvalTimeout);
  }

  public RemediationSettings withAutomaticSecondRollback(boolean on) {
    return new RemediationSettings(
        persistenceWindows,
        lookback,
        minHealthyWindows,
        freshWindows,
        cooldown,
        maxRollbacksPerHour,
        dryRun,
        killSwitch,
        verificationWindows,
        recoveryWindows,
        on,
        keyId,
        secret,
        mode,
        approvalTimeout);
  }

  public RemediationSettings withMode(Mode m) {
    return new RemediationSettings(
        persistenceWindows,
        lookback,
        minHealthyWindows,
        freshWindows,
        cooldown,
        maxRollbacksPerHour,
        dryRun,
        killSwitch,
        verificationWindows,
        recoveryWindows,
        allowAutomaticSecondRollback,
        keyId,
        secret,
        m,
        approvalTimeout);
  }

  public RemediationSettings withApprovalTimeout(Duration d) {
    return new RemediationSettings(
        persistenceWindows,
        lookback,
        minHealthyWindows,
        freshWindows,
        cooldown,
        maxRollbacksPerHour,
        dryRun,
        killSwitch,
        verificationWindows,
        recoveryWindows,
        allowAutomaticSecondRollback,
        keyId,
        secret,
        mode,
        d);
  }

  /** The signer for these settings' key. */
  public CommandSigner signer() {
    return CommandSigner.of(keyId, secret);
  }

  /** Never prints the secret (settings end up in logs). */
  @Override
  public String toString() {
    return "RemediationSettings[persistenceWindows="
        + persistenceWindows
        + ", lookback="
        + lookback
        + ", minHealthyWindows="
        + minHealthyWindows
        + ", freshWindows="
        + freshWindows
        + ", cooldown="
        + cooldown
        + ", maxRollbacksPerHour="
        + maxRollbacksPerHour
        + ", dryRun="
        + dryRun
        + ", killSwitch="
        + killSwitch
        + ", verificationWindows="
        + verificationWindows
        + ", recoveryWindows="
        + recoveryWindows
        + ", allowAutomaticSecondRollback="
        + allowAutomaticSecondRollback
        + ", mode="
        + mode
        + ", approvalTimeout="
        + approvalTimeout
        + ", keyId="
        + keyId
        + ", secret=***]";
  }
}
