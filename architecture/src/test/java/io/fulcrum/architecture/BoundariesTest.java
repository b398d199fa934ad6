package io.fulcrum.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.Processor;

/**
 * The boundaries between Fulcrum's modules and packages, over the main classes of every module
 * (this module depends on all of them at test scope). Each rule says why in its {@code because}.
 */
@AnalyzeClasses(packages = "io.fulcrum", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {
  /** The streams-app packages that adapt the core to Kafka Streams; the only home of processors. */
  static final String[] STREAM_STAGES = {
    "io.fulcrum.app..",
    "io.fulcrum.ingest.stream..",
    "io.fulcrum.window..",
    "io.fulcrum.distribution..",
    "io.fulcrum.anomaly..",
    "io.fulcrum.remediate.stream..",
    "io.fulcrum.query.."
  };

  @ArchTest
  static final ArchRule theCoreHasNoKafkaTypes =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.fulcrum.detect..",
              "io.fulcrum.remediate",
              "io.fulcrum.ingest",
              "io.fulcrum.sim..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.kafka..")
          .because(
              "the detectors, the remediation policy, the line parsers and the simulator are plain Java: they "
                  + "unit-test without a broker, the Connect plugin and the tools reuse them, and a Kafka upgrade cannot "
                  + "change what they decide (the Kafka side lives in the streams-app's stage packages)");

  @ArchTest
  static final ArchRule noInternalApis =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..internals..")
          .because(
              "Kafka's (and other libraries') internals packages are not public API and change in any release "
                  + "without notice; use the public API (for the dead-letter queue, KIP-1034's ErrorHandlerContext and "
                  + "Response) or our own code");

  @ArchTest
  static final ArchRule packagesFormNoCycles =
      slices()
          .matching("io.fulcrum.(**)")
          .should()
          .beFreeOfCycles()
          .because(
              "a package is a layer: shared types go down to the package both sides use, so each package can be "
                  + "read, tested and moved to another module on its own");

  @ArchTest
  static final ArchRule processorsLiveInTheStreamStages =
      classes()
          .that()
          .implement(Processor.class)
          .or()
          .implement(FixedKeyProcessor.class)
          .should()
          .resideInAnyPackage(STREAM_STAGES)
          .because(
              "convention: a Kafka Streams processor is an adapter of the Streams app, so it lives in streams-app, "
                  + "in the stage package it serves (app, ingest.stream, window, distribution, anomaly, remediate.stream, "
                  + "query); the decisions it delegates to stay in the Kafka-free core, and tools reuse the topology "
                  + "instead of writing processors of their own");
}
