package io.fulcrum.actuator.backend;

/** What a backend is asked to do, with the command's context (a webhook passes it on). */
public record ApplyRequest(
    String commandId,
    String incidentId,
    String pool,
    String fromVersion,
    String toVersion,
    String reason) {}
