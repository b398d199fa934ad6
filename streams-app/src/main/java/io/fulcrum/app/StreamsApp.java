package io.fulcrum.app;

import io.fulcrum.query.ApprovalEndpoint;
import io.fulcrum.query.ClusterQueries;
import io.fulcrum.query.LocalReader;
import io.fulcrum.query.QueryRouter;
import io.fulcrum.query.QueryServer;
import io.fulcrum.query.StreamsStores;
import io.fulcrum.remediate.RemediationSettings;
import io.fulcrum.serde.FulcrumTopics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Streams app against a real cluster: builds the topology from settings, starts it, and stops
 * on close or when Kafka Streams dies. Every store is in memory, so no state survives a restart on
 * local disk ({@code state.dir} holds only Kafka Streams' bookkeeping): each start rebuilds the
 * task stores from their changelog topics and the config history from the config-changes topic
 * itself, and takes as long as replaying them. The pre-commit hook stores hold no state. Kafka
 * Streams' own client metrics ({@code kafka.stream.*}, consumer, producer) are bound into the
 * pipeline's meter registry, next to the input lag that {@link InputLagMonitor} measures for the
 * input tasks.
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics clientMetrics;
  private final InputLagMonitor inputLag;
  private final CloseOptions.GroupMembershipOperation onClose;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final QueryServer api;
  private ApprovalPublisher approvals;

  public StreamsApp(FulcrumSettings settings, PipelineMetrics metrics) {
    FulcrumTopics topics =
        FulcrumTopics.create(settings.topics(), settings.keyFormat(), settings.serdeConfig());
    Properties props = StreamsProperties.of(settings, metrics);
    this.onClose = onClose(props);
    StreamsConfig config = new StreamsConfig(props);
    this.inputLag =
        InputLagMonitor.start(
            config.getAdminConfigs(
                config.getString(StreamsConfig.APPLICATION_ID_CONFIG) + "-input-lag"),
            config.getString(StreamsConfig.APPLICATION_ID_CONFIG),
            List.of(settings.topics().requests(), settings.topics().accessLogs()),
            metrics.registry());
    Topology topology = FulcrumTopology.build(settings, topics, metrics, inputLag);
    log.debug("topology:\n{}", topology.describe());
    this.streams = new KafkaStreams(topology, props);
    streams.setStateListener(
        (next, prev) -> {
          log.info("Kafka Streams {} -> {}", prev, next);
          if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
            stopped.countDown();
          }
        });
    this.clientMetrics = new KafkaStreamsMetrics(streams);
    clientMetrics.bindTo(metrics.registry());
    this.api = settings.api().enabled() ? startApi(settings, props, topics) : null;
  }

  /** Serves before Kafka Streams runs: until then every answer is a 503 naming the rebalance. */
  private QueryServer startApi(FulcrumSettings settings, Properties props, FulcrumTopics topics) {
    HostInfo self =
        HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
    LocalReader reader =
        new LocalReader(new StreamsStores(streams, self), settings.remediation().isPresent());
    boolean approveMode =
        settings.remediation().map(r -> r.mode() == RemediationSettings.Mode.APPROVE).orElse(false);
    String token = settings.api().approveToken();
    ApprovalEndpoint endpoint = ApprovalEndpoint.disabled();
    if (!token.isEmpty()) {
      // Only a configured token opens the endpoints; the producer is created only then.
      approvals = approveMode ? new ApprovalPublisher(props, topics) : null;
      endpoint =
          new ApprovalEndpoint(
              token,
              approveMode,
              approvals == null
                  ? d -> {
                    throw new IllegalStateException("fulcrum.remediation.mode is not approve");
                  }
                  : approvals,
              Clock.systemUTC());
    }
    QueryRouter router =
        new QueryRouter(
            new ClusterQueries(streams, self, reader, Duration.ofSeconds(3)),
            endpoint,
            settings.api().recentWindows());
    return QueryServer.start(settings.api().host(), settings.api().port(), router);
  }

  public StreamsApp start() {
    streams.start();
    return this;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** Blocks until the app stops (error or close). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A clean stop leaves the consumer group, so the other instances take this one's pools over at
   * once; Kafka Streams' default (remain) would leave them unprocessed until session.timeout.ms.
   * With static membership ({@code group.instance.id}) a restart is meant to keep its partitions,
   * so the instance remains.
   */
  static CloseOptions.GroupMembershipOperation onClose(Properties props) {
    boolean staticMember =
        props.containsKey("group.instance.id")
            || props.containsKey(StreamsConfig.consumerPrefix("group.instance.id"))
            || props.containsKey(StreamsConfig.mainConsumerPrefix("group.instance.id"));
    return staticMember
        ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
        : CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
  }

  @Override
  public void close() {
    if (api != null) {
      api.close();
    }
    if (approvals != null) {
      approvals.close();
    }
    streams.close(
        CloseOptions.groupMembershipOperation(onClose).withTimeout(Duration.ofSeconds(30)));
    inputLag.close();
    clientMetrics.close();
    stopped.countDown();
  }
}
