package io.fulcrum.app;

import io.fulcrum.anomaly.AnomalyTrackerProcessor;
import io.fulcrum.anomaly.WindowVerdict;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.distribution.PoolWindowAssembler;
import io.fulcrum.ingest.stream.ParseLinesProcessor;
import io.fulcrum.remediate.RemediationOutput.Suppression;
import io.fulcrum.remediate.stream.RemediationProcessor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The Streams app's own Micrometer metrics; the topology calls these hooks. */
public final class PipelineMetrics
    implements ParseLinesProcessor.ParseCounters,
        PoolWindowAssembler.LateCounter,
        AnomalyTrackerProcessor.AnomalyCounter,
        RemediationProcessor.RemediationCounter {
  private final MeterRegistry registry;
  private final Counter avroIn;
  private final Counter linesParsed;
  private final Counter linesMalformed;
  private final Counter linesSkipped;

  /** Gauge values in parts per million, so one AtomicLong per (pool, metric, server). */
  private final Map<Tags, AtomicLong> gauges = new ConcurrentHashMap<>();

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.avroIn = registry.counter("fulcrum.records.in", "input", "requests");
    this.linesParsed = registry.counter("fulcrum.records.in", "input", "access-logs");
    this.linesMalformed = registry.counter("fulcrum.parse.failures");
    this.linesSkipped = registry.counter("fulcrum.lines.skipped");
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void requestEvent() {
    avroIn.increment();
  }

  @Override
  public void parsed() {
    linesParsed.increment();
  }

  @Override
  public void malformed() {
    linesMalformed.increment();
  }

  @Override
  public void skipped() {
    linesSkipped.increment();
  }

  @Override
  public void late(String pool, long requests) {
    registry.counter("fulcrum.late.requests", "pool", pool).increment(requests);
  }

  @Override
  public void sourceLeftOut(String source) {
    registry.counter("fulcrum.input.tasks.left.out").increment();
  }

  @Override
  public void anomaly(AnomalyEvent event) {
    registry
        .counter(
            "fulcrum.anomalies", "kind", event.getKind().name(), "status", event.getStatus().name())
        .increment();
  }

  @Override
  public void incidentState(IncidentState state) {
    registry.counter("fulcrum.incidents", "state", state.name()).increment();
  }

  @Override
  public void rollbackIssued(RollbackCommand command, long onsetAt) {
    registry
        .counter(
            "fulcrum.rollbacks.issued",
            "pool",
            command.getPool(),
            "dry_run",
            Boolean.toString(command.getDryRun()))
        .increment();
    Timer.builder("fulcrum.rollback.onset.to.command")
        .description("Event time from incident onset to its rollback command")
        .publishPercentiles(0.5, 0.95)
        .register(registry)
        .record(Duration.ofMillis(Math.max(0, command.getIssuedAt().toEpochMilli() - onsetAt)));
  }

  @Override
  public void suppressed(Suppression guard) {
    registry
        .counter("fulcrum.rollbacks.suppressed", "guard", guard.name().toLowerCase(Locale.ROOT))
        .increment();
  }

  /**
   * Per-pool gauges from each closed window; a null verdict is a forgotten pool, whose gauges go.
   */
  public void window(String pool, WindowVerdict v) {
    if (v == null) {
      forget(pool);
      return;
    }
    PoolObservation o = v.window().observation();
    long served = o.servedCount();
    java.util.Set<String> members = new java.util.HashSet<>();
    for (ServerObservation s : o.servers()) {
      members.add(s.server());
      set(
          "fulcrum.pool.share",
          Tags.of("pool", o.pool(), "server", s.server()),
          served == 0 ? 0 : (double) s.count() / served);
    }
    // A server no longer in the pool's windows (past the membership TTL) stops being exported.
    remove(
        tags ->
            tag(tags, "pool").equals(o.pool())
                && tag(tags, "metric").equals("fulcrum.pool.share")
                && !members.contains(tag(tags, "server")));
    long all = o.requestCount();
    set(
        "fulcrum.pool.error.rate",
        Tags.of("pool", o.pool()),
        all == 0 ? 0 : (double) o.errorCount() / all);
    set("fulcrum.pool.requests", Tags.of("pool", o.pool()), all);
  }

  /** Removes every gauge of {@code pool}, so that forgotten pools are not exported forever. */
  private void forget(String pool) {
    remove(tags -> tag(tags, "pool").equals(pool));
  }

  private void remove(java.util.function.Predicate<Tags> which) {
    gauges
        .keySet()
        .removeIf(
            tags -> {
              if (!which.test(tags)) {
                return false;
              }
              Tags without =
                  Tags.of(tags.stream().filter(t -> !t.getKey().equals("metric")).toList());
              java.util.Optional.ofNullable(
                      registry.find(tag(tags, "metric")).tags(without).gauge())
                  .ifPresent(registry::remove);
              return true;
            });
  }

  private static String tag(Tags tags, String key) {
    return tags.stream()
        .filter(t -> t.getKey().equals(key))
        .map(io.micrometer.core.instrument.Tag::getValue)
        .findFirst()
        .orElse("");
  }

  private void set(String name, Tags tags, double value) {
    AtomicLong holder =
        gauges.computeIfAbsent(
            tags.and("metric", name),
            k -> {
              AtomicLong a = new AtomicLong();
              registry.gauge(name, tags, a, x -> x.get() / 1e6);
              return a;
            });
    holder.set(Math.round(value * 1e6));
  }
}
