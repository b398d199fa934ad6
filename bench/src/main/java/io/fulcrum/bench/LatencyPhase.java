package io.fulcrum.bench;

import io.fulcrum.actuator.ActuatorService;
import io.fulcrum.actuator.ActuatorSettings;
import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.PipelineMetrics;
import io.fulcrum.app.StreamsApp;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 5, live detection latency (wall clock). The Streams app (production settings: exactly-once,
 * its windows) and the real actuator with its dry-run backend run against this phase's own topics
 * while the fleet's traffic flows in real time; the all-to-one deploy hits {@code --injections}
 * pools one after the other. For each, the time from its first bad record handed to the producer to
 * the first record for its pool on the anomalies topic, on the rollback-commands topic, and on the
 * remediation-results topic (outcome DRY_RUN), as a read_committed consumer sees them. Run with the
 * fast path (phase {@code latency}) or with the windows alone ({@code latency-windows}).
 */
final class LatencyPhase {
  private static final Logger log = LoggerFactory.getLogger(LatencyPhase.class);
  private final BenchConfig config;
  private final String bootstrapServers;
  private final String runId;
  private final Report report;
  private final boolean fastPath;
  private final String phase;

  LatencyPhase(
      BenchConfig config, String bootstrapServers, String runId, Report report, boolean fastPath) {
    this.fastPath = fastPath;
    this.phase = fastPath ? "latency" : "latency-windows";
    this.config = config;
    this.bootstrapServers = bootstrapServers;
    this.runId = runId;
    this.report = report;
  }

  /** The three delays of one injection, in ms; null where nothing arrived. */
  record Injection(
      String pool,
      Long anomalyMs,
      Long anomalyAfterCloseMs,
      Long commandMs,
      Long resultMs,
      String outcome) {}

  void run() throws Exception {
    Duration window = config.latencyWindow();
    LiveFleet fleet =
        LiveFleet.of(
            config.pools(), config.serversPerPool(), config.injections(), config.rateRps(), window);
    String prefix = runId + "-" + phase;
    TopicNames names = TopicNames.withPrefix(prefix);
    String registry = "mock://" + prefix;
    String secret = secret();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      BenchTopics.create(admin, config.partitions(), names.all());
    }
    FulcrumSettings settings =
        FulcrumSettings.defaultsWith(streamsSettings(names, registry, secret, window, prefix));
    FulcrumTopics topics =
        FulcrumTopics.create(names, settings.keyFormat(), settings.serdeConfig());
    long w = window.toMillis();
    List<Injection> injections = new ArrayList<>();
    Set<String> falsePositives = new TreeSet<>();
    log.info(
        "latency phase: {} injections, {} ms windows, about {} s",
        config.injections(),
        w,
        (fleet.settledBy(0) + w) / 1000);
    try (StreamsApp app =
        new StreamsApp(settings, new PipelineMetrics(new SimpleMeterRegistry())).start()) {
      awaitRunning(app);
      try (ActuatorService actuator = startActuator(names, registry, secret, prefix);
          OutputWatch watch = new OutputWatch(bootstrapServers, topics).start()) {
        long startMs = Math.floorDiv(System.currentTimeMillis() + w, w) * w;
        Map<String, Long> onsets = new LinkedHashMap<>();
        fleet.onsets().forEach(o -> onsets.put(o.pool(), o.offsetMs()));
        try (PacedTraffic traffic =
            new PacedTraffic(
                    fleet.scenario().events(startMs, 11), startMs, onsets, bootstrapServers, topics)
                .start()) {
          while (System.currentTimeMillis() < fleet.settledBy(startMs)
              && !onsets.keySet().stream().allMatch(p -> watch.result(p) != null)) {
            if (traffic.failure() != null
                || !actuator.isRunning()
                || app.state() == KafkaStreams.State.ERROR) {
              throw new IllegalStateException(
                  "latency phase: the traffic, the actuator or the Streams app stopped");
            }
            Thread.sleep(200);
          }
          for (LiveFleet.Onset o : fleet.onsets()) {
            injections.add(
                measure(
                    o,
                    traffic.firstBadSentAt(o.pool()),
                    watch,
                    startMs,
                    w,
                    settings.grace().toMillis()));
          }
          falsePositives.addAll(watch.poolsWithAnomalies());
          falsePositives.removeAll(onsets.keySet());
        }
      }
    }
    report(injections, falsePositives, window, settings);
  }

  private Map<String, String> streamsSettings(
      TopicNames names, String registry, String secret, Duration window, String prefix)
      throws java.io.IOException {
    Map<String, String> s = new LinkedHashMap<>(BenchTopics.settings(names));
    s.put("bootstrap.servers", bootstrapServers);
    s.put("schema.registry.url", registry);
    s.put("application.id", prefix);
    s.put("state.dir", Files.createTempDirectory(config.workDir(), "latency-state-").toString());
    s.put("num.stream.threads", Integer.toString(config.streamThreads()));
    s.put("fulcrum.pool.partitions", Integer.toString(config.partitions()));
    s.put("fulcrum.signing.secret", secret);
    // The defaults at 10 s windows (2 s grace, 1 s flush), scaled for shorter ones.
    s.put("fulcrum.window.size", window.toMillis() + "ms");
    s.put("fulcrum.window.grace", window.toMillis() / 5 + "ms");
    s.put("fulcrum.flush.interval", Math.min(1000, window.toMillis() / 4) + "ms");
    if (!fastPath) {
      s.put("fulcrum.fast.slice", "0");
    }
    return s;
  }

  private ActuatorService startActuator(
      TopicNames names, String registry, String secret, String prefix) throws InterruptedException {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("bootstrap.servers", bootstrapServers);
    s.put("schema.registry.url", registry);
    s.put("group.id", prefix + "-actuator");
    s.put("fulcrum.actuator.id", prefix + "-actuator");
    s.put("fulcrum.actuator.backends", "*:dry-run");
    s.put("fulcrum.topic.rollback-commands", names.rollbackCommands());
    s.put("fulcrum.topic.remediation-results", names.remediationResults());
    s.put("fulcrum.topic.config-changes", names.configChanges());
    s.put("fulcrum.topic.actuator-ledger", prefix + ".actuator-ledger");
    s.put("fulcrum.signing.secret", secret);
    ActuatorService actuator =
        new ActuatorService(ActuatorSettings.defaultsWith(s), Map.of(), new SimpleMeterRegistry())
            .start();
    if (!actuator.awaitReady(Duration.ofSeconds(60))) {
      actuator.close();
      throw new IllegalStateException(
          "latency phase: the actuator did not start: "
              + actuator.failure().map(Throwable::toString).orElse("timeout"));
    }
    return actuator;
  }

  private static Injection measure(
      LiveFleet.Onset o, Long firstBad, OutputWatch watch, long startMs, long w, long grace) {
    OutputWatch.Arrival anomaly = watch.anomaly(o.pool());
    OutputWatch.Arrival command = watch.command(o.pool());
    OutputWatch.Arrival result = watch.result(o.pool());
    long onset = startMs + o.offsetMs();
    long onsetWindowClose = onset - Math.floorMod(onset, w) + w + grace;
    Function<OutputWatch.Arrival, Long> since =
        a -> a == null || firstBad == null ? null : a.atMs() - firstBad;
    return new Injection(
        o.pool(),
        since.apply(anomaly),
        anomaly == null ? null : anomaly.atMs() - onsetWindowClose,
        since.apply(command),
        since.apply(result),
        result == null ? null : result.outcome());
  }

  private void report(
      List<Injection> injections, Set<String> falsePositives, Duration window, FulcrumSettings s) {
    int n = injections.size();
    String per =
        "over "
            + n
            + " injection"
            + (n == 1 ? "" : "s")
            + " ("
            + config.pools()
            + " pools at "
            + Math.round(config.rateRps())
            + " req/s, "
            + window.toSeconds()
            + " s windows, exactly-once)";
    List<Long> anomaly = present(injections, Injection::anomalyMs);
    List<Long> afterClose = present(injections, Injection::anomalyAfterCloseMs);
    report.add(
        phase,
        "first bad record → anomaly on its topic",
        spread(anomaly, n),
        per
            + "; after the close of the window holding the first bad record: "
            + spread(afterClose, n)
            + " (target ≤ window + 2 s = "
            + (window.toSeconds() + 2)
            + " s)"
            + (falsePositives.isEmpty()
                ? ""
                : "; anomalies on pools without an incident: " + falsePositives));
    report.add(
        phase,
        "first bad record → rollback command on its topic",
        spread(present(injections, Injection::commandMs), n),
        fastPath
            ? "fast path: the fresh change is judged every "
                + s.fastPath().slice().toMillis()
                + " ms (alpha "
                + s.fastPath().tests().alpha()
                + ")"
            : "windows only (fulcrum.fast.slice=0): remediation waits for "
                + s.remediation().orElseThrow().persistenceWindows()
                + " anomalous windows (fulcrum.remediation.persistence-windows)");
    List<String> outcomes =
        injections.stream().map(i -> String.valueOf(i.outcome())).distinct().toList();
    report.add(
        phase,
        "first bad record → result from the dry-run actuator",
        spread(present(injections, Injection::resultMs), n),
        "outcome "
            + String.join(", ", outcomes)
            + "; per injection (anomaly / command / result, s): "
            + String.join("; ", injections.stream().map(LatencyPhase::describe).toList()));
  }

  private static String describe(Injection i) {
    return i.pool()
        + " "
        + seconds(i.anomalyMs())
        + " / "
        + seconds(i.commandMs())
        + " / "
        + seconds(i.resultMs());
  }

  private static List<Long> present(List<Injection> all, Function<Injection, Long> f) {
    return all.stream().map(f).filter(java.util.Objects::nonNull).sorted().toList();
  }

  /** "p50 12.3 s, max 14.0 s", or how many were missing. */
  static String spread(List<Long> sortedMs, int expected) {
    if (sortedMs.isEmpty()) {
      return "none of " + expected + " arrived";
    }
    String s =
        "p50 "
            + seconds(sortedMs.get((sortedMs.size() - 1) / 2))
            + " s, max "
            + seconds(sortedMs.get(sortedMs.size() - 1))
            + " s";
    return sortedMs.size() == expected
        ? s
        : s + " (" + sortedMs.size() + " of " + expected + " arrived)";
  }

  private static String seconds(Long ms) {
    return ms == null ? "–" : String.format(Locale.ROOT, "%.1f", ms / 1000.0);
  }

  private static String secret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void awaitRunning(StreamsApp app) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    while (app.state() != KafkaStreams.State.RUNNING) {
      if (app.state() == KafkaStreams.State.ERROR
          || app.state() == KafkaStreams.State.NOT_RUNNING
          || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            "latency phase: the Streams app did not start (state " + app.state() + ")");
      }
      Thread.sleep(100);
    }
  }
}
