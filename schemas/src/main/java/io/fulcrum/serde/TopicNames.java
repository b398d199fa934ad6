package io.fulcrum.serde;

/**
 * Names of every Fulcrum topic. Defaults follow {@code fulcrum.<purpose>}; each is overridable with
 * the config key {@code topic.<field>} (see docs/operations.md, Topics, for keys and partitioning).
 */
public record TopicNames(
    String requests,
    String accessLogs,
    String configChanges,
    String poolWindows,
    String anomalies,
    String rollbackCommands,
    String remediationResults,
    String incidents,
    String deadLetters,
    String approvals) {

  public static TopicNames defaults() {
    return new TopicNames(
        "fulcrum.requests",
        "fulcrum.access-logs",
        "fulcrum.config-changes",
        "fulcrum.pool-windows",
        "fulcrum.anomalies",
        "fulcrum.rollback-commands",
        "fulcrum.remediation-results",
        "fulcrum.incidents",
        "fulcrum.dlq",
        "fulcrum.approvals");
  }

  /** All names with a common prefix instead of {@code fulcrum.}: gives tests their own topics. */
  public static TopicNames withPrefix(String prefix) {
    TopicNames d = defaults();
    return new TopicNames(
        prefix + ".requests",
        prefix + ".access-logs",
        prefix + ".config-changes",
        prefix + ".pool-windows",
        prefix + ".anomalies",
        prefix + ".rollback-commands",
        prefix + ".remediation-results",
        prefix + ".incidents",
        prefix + ".dlq",
        prefix + ".approvals");
  }

  public java.util.List<String> all() {
    return java.util.List.of(
        requests,
        accessLogs,
        configChanges,
        poolWindows,
        anomalies,
        rollbackCommands,
        remediationResults,
        incidents,
        deadLetters,
        approvals);
  }
}
