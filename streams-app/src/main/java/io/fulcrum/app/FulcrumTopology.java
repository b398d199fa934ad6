package io.fulcrum.app;

import io.fulcrum.anomaly.AnomalyEvents;
import io.fulcrum.anomaly.AnomalyLifecycle;
import io.fulcrum.anomaly.AnomalyTrackerProcessor;
import io.fulcrum.anomaly.FastWatchProcessor;
import io.fulcrum.anomaly.PoolDetectorProcessor;
import io.fulcrum.anomaly.PoolWindows;
import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.avro.internal.AnomalyTrackers;
import io.fulcrum.avro.internal.ConfigHistory;
import io.fulcrum.avro.internal.PoolMembership;
import io.fulcrum.detect.PoolAnalyzer;
import io.fulcrum.distribution.ClosedWindow;
import io.fulcrum.distribution.ConfigHistoryUpdater;
import io.fulcrum.distribution.ConfigTimeline;
import io.fulcrum.distribution.PoolWindowAssembler;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.ingest.stream.ParseLinesProcessor;
import io.fulcrum.ingest.stream.RequestEventSerde;
import io.fulcrum.ingest.stream.RequestEventsCheck;
import io.fulcrum.query.RecentEventsRecorder;
import io.fulcrum.query.RecentStores;
import io.fulcrum.query.RecentWindowsRecorder;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.window.InputProgress;
import io.fulcrum.window.PreCommitHooks;
import io.fulcrum.window.ServerWindowPreAggregator;
import io.fulcrum.window.Watermarks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The detection pipeline. Topic keys: inputs are read whatever their key; {@code
 * <app>-[log-]pool-partials-repartition} and every output are keyed by pool. Raw requests are
 * pre-aggregated per (pool, server, window) in their input task and only those small partials are
 * repartitioned by pool, with each input task's watermark sent to every partition (see
 * docs/architecture.md).
 */
public final class FulcrumTopology {
  public static final String PARTIALS_REPARTITION = "pool-partials";
  public static final String LOG_PARTIALS_REPARTITION = "log-pool-partials";

  /**
   * Where pre-aggregated sums go: one topic per input, so that an input task never has an empty
   * partition.
   */
  public static final List<String> PARTIALS_REPARTITIONS =
      List.of(PARTIALS_REPARTITION, LOG_PARTIALS_REPARTITION);

  public static final String RESULTS_REPARTITION = "results-by-pool";
  public static final String APPROVALS_REPARTITION = "approvals-by-pool";

  /**
   * Each input's unforwarded sums (changelogged) and the cache whose flush writes them before a
   * commit.
   */
  public static final String REQUEST_SUMS = "request-open-sums";

  public static final String LOG_SUMS = "log-open-sums";
  private static final String HOOK_SUFFIX = "-pre-commit";

  private FulcrumTopology() {}

  /**
   * The live pipeline: input tasks learn from {@code progress} whether they have read their
   * partitions through.
   */
  public static Topology build(
      FulcrumSettings s, FulcrumTopics t, PipelineMetrics metrics, InputProgress progress) {
    return build(s, t, metrics, progress, s.idleCloseAfter());
  }

  /**
   * @param startupHold how long a fresh pool task waits after the first watermark before it closes
   *     a window, so that every input task has been heard from; zero where there is a single input
   *     task (the replay)
   */
  public static Topology build(
      FulcrumSettings s,
      FulcrumTopics t,
      PipelineMetrics metrics,
      InputProgress progress,
      Duration startupHold) {
    StreamsBuilder builder = new StreamsBuilder();
    addStores(builder, s, t);
    PreCommitHooks hooks = new PreCommitHooks();

    KStream<String, ServerWindowStats> fromEvents =
        builder.stream(
                t.requests().name(),
                Consumed.with(
                        t.requests().keySerde(),
                        RequestEventSerde.decoding(t.requests().valueSerde()))
                    .withName("requests-source"))
            .processValues(
                () -> new RequestEventsCheck(metrics::requestEvent),
                Named.as("check-request-events"))
            .process(
                preAggregator(builder, s, hooks, progress, t.requests().name(), REQUEST_SUMS),
                Named.as("preaggregate-server-windows"),
                REQUEST_SUMS,
                REQUEST_SUMS + HOOK_SUFFIX)
            .repartition(partials(PARTIALS_REPARTITION, s));
    KStream<String, ServerWindowStats> fromLogs =
        builder.stream(
                t.accessLogs().name(),
                Consumed.with(t.accessLogs().keySerde(), t.accessLogs().valueSerde())
                    .withName("access-logs-source"))
            .processValues(
                () -> new ParseLinesProcessor(s.accessLogFormat(), s.accessLogZone(), metrics),
                Named.as("parse-access-logs"))
            .process(
                preAggregator(builder, s, hooks, progress, t.accessLogs().name(), LOG_SUMS),
                Named.as("preaggregate-log-server-windows"),
                LOG_SUMS,
                LOG_SUMS + HOOK_SUFFIX)
            .repartition(partials(LOG_PARTIALS_REPARTITION, s));
    KStream<String, ServerWindowStats> partials =
        fromEvents.merge(fromLogs, Named.as("merge-inputs"));

    KStream<String, ClosedWindow> closed =
        partials.process(
            () ->
                new PoolWindowAssembler(
                    s.windowSize(),
                    s.grace(),
                    s.membershipTtl(),
                    s.poolForgetAfter(),
                    s.flushInterval(),
                    s.inputMaxHold(),
                    startupHold,
                    metrics),
            Named.as("assemble-pool-windows"),
            PoolWindowAssembler.OPEN_WINDOWS,
            PoolWindowAssembler.MEMBERSHIP,
            PoolWindowAssembler.SOURCE_WATERMARKS);
    KStream<String, ClosedWindow> windows =
        closed.filter((pool, w) -> w == null || !w.slice(), Named.as("only-windows"));

    PoolAnalyzer analyzer = new PoolAnalyzer(s.detection());
    KStream<String, WindowVerdict> windowVerdicts =
        windows
            .process(
                () -> new PoolDetectorProcessor(analyzer),
                Named.as("detect-anomalies"),
                PoolDetectorProcessor.BASELINES)
            .peek((pool, v) -> metrics.window(pool, v), Named.as("pool-metrics"));

    windowVerdicts
        .filter((pool, v) -> v != null, Named.as("drop-forgotten-pools"))
        .mapValues(PoolWindows::from, Named.as("to-pool-window"))
        .to(
            t.poolWindows().name(),
            Produced.with(t.poolWindows().keySerde(), t.poolWindows().valueSerde())
                .withName("pool-windows-sink"));

    // The fast path's alarms join the window verdicts: the anomaly tracker and the remediation
    // policy see both.
    KStream<String, WindowVerdict> verdicts = windowVerdicts;
    if (s.fastPath().enabled()) {
      KStream<String, WindowVerdict> alarms =
          closed
              .filter((pool, w) -> w != null && w.slice(), Named.as("only-slices"))
              .process(
                  () -> new FastWatchProcessor(analyzer, s.fastPath().tests()),
                  Named.as("watch-fresh-changes"),
                  PoolDetectorProcessor.BASELINES);
      verdicts = windowVerdicts.merge(alarms, Named.as("merge-fast-alarms"));
    }

    KStream<String, AnomalyEvent> anomalies =
        verdicts.process(
            () ->
                new AnomalyTrackerProcessor(
                    new AnomalyLifecycle(
                        s.anomalyUpdateEveryWindows(), s.anomalyClearAfterWindows()),
                    new AnomalyEvents(s.causeLookback()),
                    metrics),
            Named.as("track-anomalies"),
            AnomalyTrackerProcessor.TRACKERS);
    anomalies.to(
        t.anomalies().name(),
        Produced.with(t.anomalies().keySerde(), t.anomalies().valueSerde())
            .withName("anomalies-sink"));
    anomalies.process(
        RecentEventsRecorder::anomalies,
        Named.as("record-recent-anomalies"),
        RecentStores.ANOMALIES);
    boolean remediation = s.remediation().isPresent();
    if (remediation) {
      RemediationSubtopology.add(builder, s.remediation().orElseThrow(), s, t, verdicts, metrics);
    }
    // Last consumer of the verdicts: a forgotten pool's final incident is recorded before the pool
    // is dropped.
    String[] recentStores =
        remediation
            ? new String[] {
              RecentStores.WINDOWS,
              RecentStores.ANOMALIES,
              RecentStores.INCIDENTS,
              PoolDetectorProcessor.BASELINES
            }
            : new String[] {
              RecentStores.WINDOWS, RecentStores.ANOMALIES, PoolDetectorProcessor.BASELINES
            };
    windowVerdicts.process(
        () -> new RecentWindowsRecorder(analyzer, remediation, s.api().recentWindows()),
        Named.as("record-recent-windows"),
        recentStores);
    return builder.build();
  }

  /**
   * Registers one input's stores and returns its pre-aggregator: sums as durable as the offsets
   * that fed them.
   */
  private static ProcessorSupplier<byte[], ParsedRequest, String, ServerWindowStats> preAggregator(
      StreamsBuilder builder,
      FulcrumSettings s,
      PreCommitHooks hooks,
      InputProgress progress,
      String topic,
      String sumsStore) {
    String hookStore = sumsStore + HOOK_SUFFIX;
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(sumsStore),
            Serdes.String(),
            new InternalSerde<>(ServerWindowStats.class)));
    builder.addStateStore(hooks.store(hookStore));
    var durable =
        Optional.of(new ServerWindowPreAggregator.Durability(sumsStore, hookStore, hooks));
    return () ->
        new ServerWindowPreAggregator(
            s.windowSize(),
            s.grace(),
            s.flushInterval(),
            s.idleCloseAfter(),
            progress,
            topic,
            durable,
            slicing(
                s,
                ctx -> {
                  KeyValueStore<String, ConfigHistory> configs =
                      ctx.getStateStore(ConfigHistoryUpdater.STORE);
                  return (pool, from, to) ->
                      ConfigTimeline.changedBetween(configs.get(pool), from, to);
                }));
  }

  /**
   * The input tasks' slicing for the fast path, if it is on; {@code changes} reads the pools'
   * config history.
   */
  public static Optional<ServerWindowPreAggregator.Slicing> slicing(
      FulcrumSettings s,
      Function<ProcessorContext<?, ?>, ServerWindowPreAggregator.RecentChanges> changes) {
    if (!s.fastPath().enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        new ServerWindowPreAggregator.Slicing(
            s.fastPath().slice(), Duration.ofMillis(s.fastPath().tests().freshMs()), changes));
  }

  /**
   * Input tasks with both input topics would always have one empty partition, and Kafka Streams
   * checks (and formats a log line for) every empty partition before each record; so each input
   * pre-aggregates in its own sub-topology and repartitions into its own topic, which the pool task
   * merges.
   */
  private static Repartitioned<String, ServerWindowStats> partials(String name, FulcrumSettings s) {
    return Repartitioned.<String, ServerWindowStats>as(name)
        .withNumberOfPartitions(s.poolPartitions())
        .withStreamPartitioner(Watermarks.partitioner())
        .withKeySerde(Serdes.String())
        .withValueSerde(new InternalSerde<>(ServerWindowStats.class));
  }

  private static void addStores(StreamsBuilder builder, FulcrumSettings s, FulcrumTopics t) {
    RecentStores.add(builder, s.remediation().isPresent());
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ConfigHistoryUpdater.STORE),
                Serdes.String(),
                new InternalSerde<>(ConfigHistory.class))
            .withLoggingDisabled(),
        t.configChanges().name(),
        Consumed.with(t.configChanges().keySerde(), t.configChanges().valueSerde())
            .withName("config-changes-source"),
        ConfigHistoryUpdater::new);
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(PoolWindowAssembler.OPEN_WINDOWS),
            Serdes.String(),
            new InternalSerde<>(ServerWindowStats.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(PoolWindowAssembler.MEMBERSHIP),
            Serdes.String(),
            new InternalSerde<>(PoolMembership.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(PoolWindowAssembler.SOURCE_WATERMARKS),
            Serdes.String(),
            Serdes.Long()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(PoolDetectorProcessor.BASELINES),
            Serdes.String(),
            Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(AnomalyTrackerProcessor.TRACKERS),
            Serdes.String(),
            new InternalSerde<>(AnomalyTrackers.class)));
  }
}
