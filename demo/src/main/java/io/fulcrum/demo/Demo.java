package io.fulcrum.demo;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.PipelineMetrics;
import io.fulcrum.app.StreamsApp;
import io.fulcrum.demo.lb.DemoLb;
import io.fulcrum.demo.lb.Publisher;
import io.fulcrum.demo.sim.SimulatedLb;
import io.fulcrum.demo.story.StoryState;
import io.fulcrum.demo.view.LiveView;
import io.fulcrum.remediate.TimelineText;
import io.fulcrum.serde.FulcrumTopics;
import io.fulcrum.serde.TopicNames;
import io.fulcrum.sim.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The whole story in one process: an embedded KRaft broker, Fulcrum's Streams app, the actuator, a
 * load balancer (real HAProxy or the simulated one) with a load generator, and the live view. It
 * plays the scenario in wall-clock time, waits for the incident to end as the scenario expects, and
 * prints its timeline.
 *
 * <p>{@link #close} (also from a Ctrl-C shutdown hook) stops everything, last started first: load
 * generator, view, topic watcher, actuator (before the LB, so no reload races a dying HAProxy),
 * load balancer, Streams app, broker.
 */
public final class Demo implements AutoCloseable {
  /** Exit code when the story did not complete or went off script. */
  public static final int FAILED = 1;

  private final DemoConfig config;
  private final PrintStream out;
  private final int width;
  private final Closer closer = new Closer();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final TopicNames names = TopicNames.defaults();
  private volatile String bootstrapServers;
  private volatile String registryUrl;
  private volatile LiveView view;
  private volatile StoryState story;
  private volatile Scenario scenario;
  private volatile long startMs;
  private volatile Outcome outcome;
  private boolean endingPrinted;

  /**
   * @param width terminal columns (the in-place view cuts lines to fit)
   */
  public Demo(DemoConfig config, PrintStream out, int width) {
    this.config = config;
    this.out = out;
    this.width = width;
  }

  /** Plays the demo and shuts it down: the exit code (0 when the story was told). */
  public int run() throws Exception {
    try {
      return play();
    } finally {
      close();
    }
  }

  /**
   * Starts everything, plays the story and prints its timeline, leaving everything running (until
   * {@link #close}; with {@code keepRunning}, this waits for it). Returns the exit code.
   */
  public int play() throws Exception {
    Path work = Files.createTempDirectory("fulcrum-demo-");
    closer.push(() -> deleteTree(work));
    LbMode mode = LoadBalancers.resolve(config.lb());
    if (config.guarded() && mode != LbMode.HAPROXY) {
      throw new IllegalArgumentException(
          "--guarded deploys to a real HAProxy, and haproxy is not on PATH");
    }
    say("starting an embedded Kafka broker (KRaft, in this process)");
    EmbeddedKafka kafka = closer.push(EmbeddedKafka.start());
    bootstrapServers = kafka.bootstrapServers();
    kafka.createTopics(1, names.all(), List.of(DemoSettings.LEDGER_TOPIC));
    registryUrl = "mock://fulcrum-demo-" + UUID.randomUUID();
    String secret = DemoSettings.newSigningSecret();
    FulcrumSettings settings =
        DemoSettings.streamsSettings(
            bootstrapServers, registryUrl, work.resolve("streams"), secret, config, mode);
    FulcrumTopics topics =
        FulcrumTopics.create(names, settings.keyFormat(), settings.serdeConfig());
    say(
        "starting Fulcrum's Streams app (exactly-once, "
            + config.window().toSeconds()
            + " s windows)");
    StreamsApp app =
        closer.push(new StreamsApp(settings, new PipelineMetrics(new SimpleMeterRegistry())));
    awaitRunning(app.start());
    Publisher publisher = closer.push(new Publisher(bootstrapServers, "fulcrum-demo-lb"));

    startMs = System.currentTimeMillis();
    long onset = DemoTimeline.onsetOffsetMs(startMs, config.healthyLead(), config.window());
    Duration traffic = config.keepRunning() ? Duration.ofDays(1) : config.duration();
    scenario =
        DemoTimeline.retime(config.scenario().scenario(), onset, config.maxErrorBurst(), traffic);
    double multiplier = config.rateRps() == 0 ? 1 : scenario.multiplierFor(config.rateRps());
    say("starting the " + (mode == LbMode.HAPROXY ? "HAProxy" : "simulated") + " load balancer");
    DemoLb lb =
        closer.push(
            mode == LbMode.HAPROXY
                ? LoadBalancers.haproxy(
                    scenario,
                    startMs,
                    multiplier,
                    work.resolve("haproxy"),
                    publisher,
                    topics,
                    config.guarded()
                        ? DemoActuator.actuatorSettings(bootstrapServers, registryUrl, secret)
                        : null)
                : new SimulatedLb(scenario, startMs, config.seed(), multiplier, publisher, topics));
    say("starting the actuator (backend: " + lb.backend().name() + ")");
    closer.push(DemoActuator.start(bootstrapServers, registryUrl, secret, lb.backend()));
    story = new StoryState(startMs);
    closer.push(new TopicWatcher(bootstrapServers, topics, story).start());
    view =
        closer.push(
            new LiveView(
                out,
                config.ansi(),
                width,
                "Fulcrum demo: " + config.scenario().name() + " on the " + lb.description(),
                config.scenario().story() + " (Ctrl-C stops)",
                story,
                new StatusLine(scenario, startMs, config.keepRunning(), () -> outcome)::text));
    closer.push(lb.startTraffic());
    view.start();

    outcome =
        story.await(
            s -> Outcome.judge(s, scenario.expectation()), startMs + config.duration().toMillis());
    if (outcome != null && outcome.ok() && config.keepRunning()) {
      closing.await();
      return 0;
    }
    printEnding(false);
    return outcome != null && outcome.ok() ? 0 : FAILED;
  }

  /**
   * The last frame, then the incident's timeline (or why the story did not complete); printed once.
   */
  private synchronized void printEnding(boolean stopped) throws InterruptedException {
    if (endingPrinted || story == null) {
      return;
    }
    endingPrinted = true;
    if (view != null) {
      view.close();
    }
    out.println();
    Outcome o = outcome;
    if (o == null) {
      String where =
          story
              .snapshot()
              .latestIncident(scenario.expectation().brokenPool())
              .map(i -> "the incident is " + i.getState())
              .orElse("no incident was opened");
      out.println(
          stopped
              ? "fulcrum demo: stopped before the story completed (" + where + ")"
              : "fulcrum demo: the story did not complete within "
                  + config.duration().toSeconds()
                  + " s ("
                  + where
                  + ")");
      story
          .snapshot()
          .latestIncident(scenario.expectation().brokenPool())
          .ifPresent(i -> out.print(TimelineText.render(i)));
    } else {
      out.print(TimelineText.render(o.incident()));
      out.println(o.ok() ? "" : "fulcrum demo: the story went off script: " + o.message());
      if (o.ok()) {
        out.println(
            "The five postmortems behind Fulcrum took 1.5 to 3 hours each to find and undo the change.");
      }
    }
    out.flush();
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static void awaitRunning(StreamsApp app) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    while (app.state() != KafkaStreams.State.RUNNING) {
      if (app.state() == KafkaStreams.State.ERROR
          || app.state() == KafkaStreams.State.NOT_RUNNING
          || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            "the Streams app did not start (state " + app.state() + "); see the log");
      }
      Thread.sleep(100);
    }
  }

  private void say(String what) {
    out.println("fulcrum demo: " + what + "...");
    out.flush();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String registryUrl() {
    return registryUrl;
  }

  public TopicNames topicNames() {
    return names;
  }

  /** The scenario as retimed for this run (null before {@link #play} got that far). */
  public Scenario scenario() {
    return scenario;
  }

  public Outcome outcome() {
    return outcome;
  }

  /**
   * Prints the ending if the story had one, then stops everything; safe from a shutdown hook,
   * idempotent.
   */
  @Override
  public void close() {
    closing.countDown();
    try {
      printEnding(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closer.close();
  }
}
