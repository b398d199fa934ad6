package io.fulcrum.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.avro.ServerWindowStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released version of each schema is kept in {@code
 * src/test/resources/schema-history/<Name>/vN.avsc}. The current schema must read all of them
 * (BACKWARD), and must equal the newest one: a schema change is not done until its snapshot is
 * committed. Each run writes the current schemas to {@code target/schema-current/} to copy from.
 */
class SchemaHistoryCompatibilityTest {
  private static final Path HISTORY = Path.of("src/test/resources/schema-history");

  static Stream<Schema> schemas() {
    return Stream.of(
        RequestEvent.getClassSchema(),
        LbConfigChange.getClassSchema(),
        ServerWindowStats.getClassSchema(),
        PoolWindow.getClassSchema(),
        AnomalyEvent.getClassSchema(),
        RollbackCommand.getClassSchema(),
        RemediationResult.getClassSchema(),
        Incident.getClassSchema(),
        ApprovalDecision.getClassSchema());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaNames")
  void currentSchemaReadsEveryCommittedVersion(String name) throws IOException {
    Schema current = current(name);
    List<Path> versions = versions(name);
    assertThat(versions)
        .as("committed history of %s in %s", name, HISTORY.resolve(name))
        .isNotEmpty();
    for (Path v : versions) {
      Schema old = new Schema.Parser().parse(v.toFile());
      var result = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
      assertThat(result.getType())
          .as("%s cannot read %s: %s", name, v, result.getDescription())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaNames")
  void currentSchemaIsCommittedAsTheNewestVersion(String name) throws IOException {
    Schema current = current(name);
    List<Path> versions = versions(name);
    assertThat(versions).as("committed history of %s", name).isNotEmpty();
    Path newest = versions.get(versions.size() - 1);
    assertThat(new Schema.Parser().parse(newest.toFile()))
        .as(
            "%s changed: copy target/schema-current/%s.avsc to %s/v%d.avsc (every new field needs a default)",
            name, name, HISTORY.resolve(name), versions.size() + 1)
        .isEqualTo(current);
  }

  static Stream<String> schemaNames() throws IOException {
    Path out = Path.of("target/schema-current");
    Files.createDirectories(out);
    for (Schema s : (Iterable<Schema>) schemas()::iterator) {
      Files.writeString(out.resolve(s.getName() + ".avsc"), s.toString(true));
    }
    return schemas().map(Schema::getName);
  }

  private static Schema current(String name) {
    return schemas().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private static List<Path> versions(String name) throws IOException {
    Path dir = HISTORY.resolve(name);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc"))
          .sorted(
              Comparator.comparingInt(
                  p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", ""))))
          .toList();
    }
  }
}
