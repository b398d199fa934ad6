package io.fulcrum.serde.registry;

import org.apache.avro.Schema;

/**
 * The part of Confluent's Schema Registry API that a wire-format serde needs. Implementations are
 * thread-safe.
 */
public interface SchemaRegistryClient {

  /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
  int register(String subject, Schema schema);

  /**
   * The id of {@code schema} if it is already registered under {@code subject}; fails otherwise.
   */
  int lookup(String subject, Schema schema);

  /** The schema with this global id; fails if there is none. */
  Schema schemaById(int id);

  /** Where this client talks to, for error messages. */
  String describe();
}
