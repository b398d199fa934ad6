package io.fulcrum.serde.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/** Registry answers never change for a given id or (subject, schema), so cache them forever. */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {
  private record SubjectSchema(String subject, Schema schema) {}

  private final SchemaRegistryClient delegate;
  private final Map<SubjectSchema, Integer> registered = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> lookedUp = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

  public CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    return registered.computeIfAbsent(
        new SubjectSchema(subject, schema),
        k -> {
          int id = delegate.register(subject, schema);
          byId.putIfAbsent(id, schema);
          return id;
        });
  }

  @Override
  public int lookup(String subject, Schema schema) {
    return lookedUp.computeIfAbsent(
        new SubjectSchema(subject, schema), k -> delegate.lookup(subject, schema));
  }

  @Override
  public Schema schemaById(int id) {
    return byId.computeIfAbsent(id, delegate::schemaById);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
