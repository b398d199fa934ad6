/**
 * Automatic remediation, as pure logic without Kafka imports: {@link
 * io.fulcrum.remediate.RemediationPolicy} turns window verdicts and actuator results into at most
 * one signed {@link io.fulcrum.avro.RollbackCommand} per incident and an {@link
 * io.fulcrum.avro.Incident} with a postmortem-style timeline. The caller keeps one {@link
 * io.fulcrum.remediate.PoolState} per pool in a store. {@link io.fulcrum.sign.CommandSigner} is
 * shared with the actuator.
 */
package io.fulcrum.remediate;
