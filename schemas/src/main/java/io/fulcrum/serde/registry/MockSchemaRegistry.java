package io.fulcrum.serde.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * An in-memory schema registry with Confluent's semantics: global ids shared by identical schemas,
 * per-subject versions, and BACKWARD compatibility enforced on register.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {
  /** One registered version of a subject. */
  public record Version(String subject, int version, int id, Schema schema) {}

  private final String name;
  private final Map<String, Integer> idsByCanonical = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, TreeMap<Integer, Version>> subjects = new TreeMap<>();

  public MockSchemaRegistry(String name) {
    this.name = name;
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    Optional<Version> existing = find(subject, schema);
    if (existing.isPresent()) {
      return existing.get().id();
    }
    TreeMap<Integer, Version> versions = subjects.computeIfAbsent(subject, s -> new TreeMap<>());
    if (!versions.isEmpty()) {
      Schema latest = versions.lastEntry().getValue().schema();
      var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
      if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
        throw new SchemaRegistryException(
            409,
            SchemaRegistryException.INCOMPATIBLE,
            "schema for subject "
                + subject
                + " is not BACKWARD compatible with version "
                + versions.lastKey()
                + ": "
                + result.getDescription());
      }
    }
    int id = idsByCanonical.computeIfAbsent(schema.toString(), c -> idsByCanonical.size() + 1);
    schemasById.put(id, schema);
    int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
    versions.put(version, new Version(subject, version, id, schema));
    return id;
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    return find(subject, schema)
        .map(Version::id)
        .orElseThrow(
            () ->
                new SchemaRegistryException(
                    404,
                    SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "schema not registered under subject " + subject + " in " + describe()));
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(
          404,
          SchemaRegistryException.SCHEMA_NOT_FOUND,
          "schema id " + id + " not found in " + describe());
    }
    return schema;
  }

  public synchronized List<String> subjects() {
    return new ArrayList<>(subjects.keySet());
  }

  public synchronized List<Integer> versions(String subject) {
    return new ArrayList<>(versionsOf(subject).keySet());
  }

  /** A version number, or -1 for the latest. */
  public synchronized Version version(String subject, int version) {
    TreeMap<Integer, Version> versions = versionsOf(subject);
    Version v = version == -1 ? versions.lastEntry().getValue() : versions.get(version);
    if (v == null) {
      throw new SchemaRegistryException(
          404, 40402, "version " + version + " not found for subject " + subject);
    }
    return v;
  }

  @Override
  public String describe() {
    return "mock://" + name;
  }

  private TreeMap<Integer, Version> versionsOf(String subject) {
    TreeMap<Integer, Version> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SUBJECT_NOT_FOUND, "subject " + subject + " not found");
    }
    return versions;
  }

  private Optional<Version> find(String subject, Schema schema) {
    TreeMap<Integer, Version> versions = subjects.getOrDefault(subject, new TreeMap<>());
    return versions.values().stream().filter(v -> v.schema().equals(schema)).findFirst();
  }
}
