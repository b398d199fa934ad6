package io.fulcrum.serde.registry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code mock://<scope>} URLs resolve here, as in Confluent's serdes: a serializer and a
 * deserializer that Kafka instantiates separately must find the same registry by name. This is the
 * one shared map in the code base, and it exists only for tests and the embedded demo.
 */
public final class MockRegistryScopes {
  private static final ConcurrentMap<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private MockRegistryScopes() {}

  public static MockSchemaRegistry scope(String scope) {
    return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
  }

  /** Forgets a scope, so a test can start from an empty registry. */
  public static void drop(String scope) {
    SCOPES.remove(scope);
  }
}
