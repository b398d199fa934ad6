package io.fulcrum.actuator.watch;

/**
 * The latest change of a pool on the config-changes topic, whoever published it.
 *
 * @param configHash null when its publisher did not say (older deploy tools)
 */
public record Announced(String version, String configHash, long timestamp, String author) {}
