package io.fulcrum.bench;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps 1 to 3: pre-produce the fleet's traffic (Avro and HAProxy lines), take Kafka's consumer
 * ceiling on each topic, then run the full pipeline on each input with exactly-once off and on,
 * each run with its own application id and output topics, after unmeasured warm-up runs of this JVM
 * on each input.
 */
final class ThroughputPhase {
  private static final Logger log = LoggerFactory.getLogger(ThroughputPhase.class);
  private static final String PHASE = "throughput";
  private final BenchConfig config;
  private final String bootstrapServers;
  private final String runId;
  private final Report report;

  ThroughputPhase(BenchConfig config, String bootstrapServers, String runId, Report report) {
    this.config = config;
    this.bootstrapServers = bootstrapServers;
    this.runId = runId;
    this.report = report;
  }

  void run() throws Exception {
    String registry = "mock://" + runId;
    TopicNames data = TopicNames.withPrefix(runId);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      BenchTopics.create(
          admin,
          config.partitions(),
          List.of(data.requests(), data.accessLogs(), data.configChanges()));
      Preproducer.Rate[] rates = preproduce(data, registry);
      Preproducer.Rate avroRate = rates[0];
      Preproducer.Rate lineRate = rates[1];
      // The generated records (a GB of heap at 5 M) are garbage now: collect them before anything
      // is measured.
      System.gc();
      String avroSize =
          String.format(
              java.util.Locale.ROOT,
              "%.0f B/record",
              (double) avroRate.bytes() / avroRate.records());
      report.add(
          PHASE,
          "producer, Avro RequestEvent",
          Report.rate(avroRate.recordsPerSecond()),
          String.format(
              java.util.Locale.ROOT,
              "%,d records, %s, %.0f MB/s",
              avroRate.records(),
              avroSize,
              avroRate.megabytesPerSecond()));
      report.add(
          PHASE,
          "producer, HAProxy lines",
          Report.rate(lineRate.recordsPerSecond()),
          String.format(java.util.Locale.ROOT, "%.0f MB/s", lineRate.megabytesPerSecond()));

      ConsumerCeiling.Result avroCeiling =
          ConsumerCeiling.run(
              bootstrapServers, data.requests(), config.records(), config.workDir());
      ConsumerCeiling.Result lineCeiling =
          ConsumerCeiling.run(
              bootstrapServers, data.accessLogs(), config.records(), config.workDir());
      report.add(
          PHASE,
          "ConsumerPerformance (ceiling), Avro topic",
          Report.rate(avroCeiling.fetchRecordsPerSecond()),
          "fetch.nMsg.sec; with group join: " + Report.rate(avroCeiling.recordsPerSecond()));
      report.add(
          PHASE,
          "ConsumerPerformance (ceiling), lines topic",
          Report.rate(lineCeiling.fetchRecordsPerSecond()),
          "fetch.nMsg.sec; with group join: " + Report.rate(lineCeiling.recordsPerSecond()));

      warmUp(admin, data, registry);
      for (BenchConfig.Pipeline run : BenchConfig.Pipeline.values()) {
        if (config.pipelines().contains(run)) {
          pipeline(
              admin,
              data,
              registry,
              run.lines,
              run.exactlyOnce,
              run.lines ? lineCeiling : avroCeiling);
        }
      }
    }
  }

  /**
   * Generates the fleet's traffic and produces it: the Avro and the lines topic's producer rates.
   */
  private Preproducer.Rate[] preproduce(TopicNames data, String registry) throws Exception {
    FulcrumTopics serdes =
        FulcrumTopics.create(
            data, FulcrumTopics.KeyFormat.AVRO, Map.of("schema.registry.url", registry));
    FleetTraffic fleet =
        FleetTraffic.of(
            config.pools(),
            config.serversPerPool(),
            config.incidentPools(),
            config.rateRps(),
            config.records());
    long start = (System.currentTimeMillis() - fleet.durationMs() - 60_000) / 10_000 * 10_000;
    log.info("generating {} requests ({} servers)", config.records(), config.servers());
    Preproducer.Traffic traffic =
        Preproducer.generate(
            fleet, start, serdes.requests().valueSerde().serializer(), data.requests(), true);
    Preproducer.produceChanges(
        bootstrapServers,
        data.configChanges(),
        traffic.changes(),
        serdes.configChanges().valueSerde().serializer());
    return new Preproducer.Rate[] {
      Preproducer.produce(bootstrapServers, data.requests(), traffic.avro()),
      Preproducer.produce(bootstrapServers, data.accessLogs(), traffic.lines())
    };
  }

  private void pipeline(
      Admin admin,
      TopicNames data,
      String registry,
      boolean lines,
      boolean eos,
      ConsumerCeiling.Result ceiling)
      throws Exception {
    String variant = (lines ? "lines" : "avro") + "-" + (eos ? "eos" : "alos");
    TopicNames t = runTopics(admin, data, variant, lines);
    FulcrumSettings settings = settings(t, registry, runId + "-" + variant, eos);
    String input = lines ? t.accessLogs() : t.requests();
    System.gc(); // the previous run's garbage is not this run's cost
    log.info("pipeline run {}", variant);
    PipelineRun.Result r =
        PipelineRun.run(settings, admin, input, config.records(), Duration.ofMinutes(30));
    var kinds =
        FulcrumTopics.create(
                t, FulcrumTopics.KeyFormat.AVRO, Map.of("schema.registry.url", registry))
            .anomalies()
            .valueSerde()
            .deserializer();
    BenchTopics.Contents anomalies =
        BenchTopics.readAll(
            bootstrapServers,
            t.anomalies(),
            Duration.ofSeconds(30),
            (topic, v) -> kinds.deserialize(topic, v).getKind().name());
    int silentOnly = anomalies.keysOnlyWith("POOL_SILENT").size();
    String what =
        "pipeline, "
            + (lines ? "HAProxy lines" : "Avro")
            + ", "
            + (eos ? "exactly_once_v2" : "at_least_once");
    report.add(
        PHASE,
        what + ", sustained",
        Report.rate(r.sustainedPerSecond()),
        String.format(
            java.util.Locale.ROOT,
            "%s of the ceiling (target ≥ 0.5×); end to end %s in %.1f s; "
                + "CPU per record: app %.2f µs, of which stream threads %.2f µs; anomalies on %d pools (%d injected)%s",
            Report.ratio(r.sustainedPerSecond() / ceiling.fetchRecordsPerSecond()),
            Report.rate(r.endToEndPerSecond()),
            r.seconds(),
            r.cpuMicrosPerRecord(),
            r.streamThreadCpuMicrosPerRecord(),
            anomalies.keys().size() - silentOnly,
            config.incidentPools(),
            silentOnly == 0
                ? ""
                : ", and " + silentOnly + " pools only silent (the recorded traffic ends)"));
  }

  /**
   * The app on the first fifth of each input topic, not measured, so that the JIT compiler has
   * compiled Kafka Streams' and Fulcrum's hot paths before the first measured run (it otherwise
   * takes half a core during it).
   */
  private void warmUp(Admin admin, TopicNames data, String registry) throws Exception {
    for (boolean lines : new boolean[] {false, true}) {
      String variant = lines ? "warm-up-lines" : "warm-up-avro";
      TopicNames t = runTopics(admin, data, variant, lines);
      log.info("{} run on {} records", variant, config.records() / 5);
      PipelineRun.warmUp(
          settings(t, registry, runId + "-" + variant, false),
          config.records() / 5,
          Duration.ofMinutes(10));
    }
  }

  /** This run's own output topics, and its own empty topic for the input it does not read. */
  private TopicNames runTopics(Admin admin, TopicNames data, String variant, boolean lines)
      throws Exception {
    TopicNames own = TopicNames.withPrefix(runId + "-" + variant);
    TopicNames t =
        new TopicNames(
            lines ? own.requests() : data.requests(),
            lines ? data.accessLogs() : own.accessLogs(),
            data.configChanges(),
            own.poolWindows(),
            own.anomalies(),
            own.rollbackCommands(),
            own.remediationResults(),
            own.incidents(),
            own.deadLetters(),
            own.approvals());
    BenchTopics.create(
        admin,
        config.partitions(),
        List.of(
            lines ? t.requests() : t.accessLogs(),
            t.poolWindows(),
            t.anomalies(),
            t.rollbackCommands(),
            t.remediationResults(),
            t.incidents(),
            t.deadLetters()));
    return t;
  }

  private FulcrumSettings settings(TopicNames t, String registry, String applicationId, boolean eos)
      throws java.io.IOException {
    Map<String, String> s = new LinkedHashMap<>(BenchTopics.settings(t));
    s.put("bootstrap.servers", bootstrapServers);
    s.put("schema.registry.url", registry);
    s.put("application.id", applicationId);
    s.put("state.dir", Files.createTempDirectory(config.workDir(), "state-").toString());
    s.put("processing.guarantee", eos ? "exactly_once_v2" : "at_least_once");
    s.put("num.stream.threads", Integer.toString(config.streamThreads()));
    s.put("fulcrum.pool.partitions", Integer.toString(config.partitions()));
    s.put("fulcrum.access-log.format", "haproxy");
    return FulcrumSettings.defaultsWith(s);
  }
}
