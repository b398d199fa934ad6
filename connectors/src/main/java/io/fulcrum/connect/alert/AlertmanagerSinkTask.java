package io.fulcrum.connect.alert;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.Incident;
import io.fulcrum.connect.PluginGauges;
import io.fulcrum.connect.Version;
import io.fulcrum.connect.avro.AvroConnectData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each batch to Alertmanager before returning from {@link #put}, so Connect only commits
 * offsets of delivered alerts. When no Alertmanager accepts a batch, the task throws {@link
 * RetriableException} after asking Connect to wait (exponential backoff); Connect then redelivers
 * the same batch, for as long as it takes.
 */
public final class AlertmanagerSinkTask extends SinkTask {
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerSinkTask.class);

  private final Clock clock;
  private final AvroConnectData data = new AvroConnectData();
  private final ActiveAlerts active = new ActiveAlerts();
  private final SinkStats stats = new SinkStats();
  private AlertMapper mapper;
  private AlertmanagerClient client;
  private Backoff backoff;
  private long resendIntervalMs;
  private Instant lastRefresh = Instant.EPOCH;
  private PluginGauges metrics;

  public AlertmanagerSinkTask() {
    this(Clock.systemUTC());
  }

  AlertmanagerSinkTask(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    AlertmanagerSinkConfig config = AlertmanagerSinkConfig.from(props);
    mapper = new AlertMapper(config, clock);
    client =
        new AlertmanagerClient(
            config.alertmanagers(),
            Duration.ofMillis(config.requestTimeoutMs()),
            config.maxAlertsPerRequest());
    backoff = new Backoff(config.backoffInitialMs(), config.backoffMaxMs());
    resendIntervalMs = config.resendIntervalMs();
    metrics =
        new PluginGauges(context == null ? null : context.pluginMetrics())
            .add(
                "alerts-sent-total",
                "Alerts Alertmanager accepted (re-sends included).",
                stats.sent::get)
            .add(
                "alert-delivery-failures-total",
                "Batches no Alertmanager accepted (each is redelivered).",
                stats.failures::get)
            .add(
                "alerts-firing",
                "Alerts this task keeps firing (re-sent every alert.resend.interval.ms).",
                active::size);
    log.info("sending alerts to {}", config.alertmanagers());
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    Instant now = clock.instant();
    ActiveAlerts.Plan plan = active.plan();
    for (SinkRecord r : records) {
      if (r.value() != null) {
        apply(plan, r, now);
      }
    }
    boolean refresh =
        resendIntervalMs > 0 && !now.isBefore(lastRefresh.plusMillis(resendIntervalMs));
    if (refresh) {
      plan.refreshFiring();
    }
    List<Alert> alerts = plan.alerts();
    if (!alerts.isEmpty()) {
      deliver(alerts);
    }
    active.commit(plan);
    if (refresh) {
      lastRefresh = now;
    }
  }

  private void deliver(List<Alert> alerts) {
    try {
      client.send(alerts);
    } catch (RetriableException e) {
      stats.failures.incrementAndGet();
      long wait = backoff.nextMs();
      if (context != null) {
        context.timeout(wait);
      }
      log.warn(
          "{}; Connect redelivers the batch in {} ms (failure {} in a row)",
          e.getMessage(),
          wait,
          backoff.failures());
      throw e;
    }
    backoff.reset();
    stats.sent.addAndGet(alerts.size());
  }

  private void apply(ActiveAlerts.Plan plan, SinkRecord r, Instant now) {
    if (!(r.value() instanceof Struct struct)) {
      throw new DataException(
          where(r)
              + ": expected a struct (use FulcrumAvroConverter), got "
              + r.value().getClass().getName());
    }
    String type = struct.schema().name();
    if (AnomalyEvent.getClassSchema().getFullName().equals(type)) {
      AnomalyEvent a = data.fromConnect(AnomalyEvent.class, struct);
      plan.apply(AlertMapper.identity(a), mapper.toAlert(a), now);
    } else if (Incident.getClassSchema().getFullName().equals(type)) {
      Incident i = data.fromConnect(Incident.class, struct);
      plan.apply(AlertMapper.identity(i), mapper.toAlert(i), now);
    } else {
      throw new ConnectException(
          where(r)
              + ": record type '"
              + type
              + "' is neither AnomalyEvent nor Incident; "
              + "this sink reads fulcrum.anomalies and fulcrum.incidents");
    }
  }

  private static String where(SinkRecord r) {
    return r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset();
  }

  @Override
  public void stop() {
    if (metrics != null) {
      metrics.close();
    }
  }
}
