package io.fulcrum.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The fault experiments, shared by the integration tests (small plans) and {@code ./fulcrum chaos}
 * (larger ones). Each runs the plan's traffic with its one incident, breaks something in the middle
 * of it, repairs it, and reports.
 */
public final class Experiments {
  /**
   * An experiment: its cluster size, how long its traffic must go on after the incident is a few
   * windows old (its faults happen in between), and the steps.
   *
   * @param configChangesReplicas replicas of the config-changes topic; 0 for as many as brokers
   */
  public record Experiment(
      String name,
      int brokers,
      Duration afterIncident,
      String description,
      Steps steps,
      int configChangesReplicas) {
    Experiment(String name, int brokers, Duration afterIncident, String description, Steps steps) {
      this(name, brokers, afterIncident, description, steps, 0);
    }
  }

  /** What an experiment does to a started run. */
  @FunctionalInterface
  public interface Steps {
    void run(ChaosRun run) throws Exception;
  }

  private Experiments() {}

  public static final List<Experiment> ALL =
      List.of(
          new Experiment(
              "kill-owner",
              1,
              Duration.ofSeconds(30),
              "two instances; kill -9 of the pool-task owner "
                  + "mid-incident, restarted 15 s later",
              Experiments::killPoolTaskOwner),
          new Experiment(
              "scale-out-in",
              1,
              Duration.ofSeconds(25),
              "scale from 1 to 3 instances and back to 1 under " + "traffic, through the incident",
              Experiments::scaleOutAndIn),
          new Experiment(
              "leader-failover",
              3,
              Duration.ofSeconds(45),
              "3 brokers (RF 3, min ISR 2): kill -9 the leader "
                  + "of the incident pool's input partition mid-incident, then the leader of its pool partition; each "
                  + "restarted 12 s later",
              Experiments::leaderFailover),
          new Experiment(
              "broker-outages",
              1,
              Duration.ofSeconds(120),
              "the only broker stopped (SIGTERM) for 30 s "
                  + "mid-incident and restarted, then frozen (SIGSTOP) for 60 s and resumed",
              Experiments::brokerOutages),
          new Experiment(
              "config-changes-down",
              3,
              Duration.ofSeconds(25),
              "3 brokers; the config-changes topic (one "
                  + "replica) unavailable while the bad config is deployed: its announcement arrives 25 s late",
              Experiments::configChangesDown,
              1),
          new Experiment(
              "garbage",
              1,
              Duration.ZERO,
              "a backlog of 1 M records, 1% malformed of ten kinds (truncated, "
                  + "binary, invalid UTF-8, a 1 MB line, the wrong format, a wrong magic byte on the events topic...)",
              Experiments::garbage));

  public static Experiment named(String name) {
    return ALL.stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no experiment "
                        + name
                        + "; known: "
                        + ALL.stream().map(Experiment::name).toList()));
  }

  /**
   * Runs {@code e} with {@code plan} (its broker count adjusted) and reports; logs stay in {@code
   * dir}.
   */
  public static RunReport run(Experiment e, ChaosPlan plan, Path dir) throws Exception {
    ChaosPlan p =
        new ChaosPlan(
            e.brokers(),
            plan.pools(),
            plan.servers(),
            plan.rateRps(),
            plan.window(),
            plan.grace(),
            plan.lead(),
            max(plan.traffic(), midIncident(plan).plus(e.afterIncident()).plusSeconds(12)),
            plan.partitions());
    try (ChaosRun run = ChaosRun.start(e.name(), p, dir, e.configChangesReplicas())) {
      e.steps().run(run);
      // Windows close seconds after the traffic; the wait grows with the load, for the backlogs of
      // large runs.
      return run.finish(Duration.ofSeconds(Math.max(90, Math.round(p.rateRps() / 10))));
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Offset into the traffic at which the incident is a few windows old. */
  private static Duration midIncident(ChaosRun run) {
    return midIncident(run.plan());
  }

  private static Duration midIncident(ChaosPlan plan) {
    return plan.lead().plus(plan.window().multipliedBy(4));
  }

  static void killPoolTaskOwner(ChaosRun run) throws Exception {
    run.addInstance();
    run.addInstance();
    run.startTraffic();
    run.awaitTrafficOffset(midIncident(run));
    int[] owner = {-1};
    ChaosRun.await(
        "an owner of " + run.plan().badPool() + "'s pool task",
        Duration.ofSeconds(60),
        () -> {
          owner[0] = ownerOrMinusOne(run);
          return owner[0] >= 0;
        });
    run.fault(
        "kill -9 of "
            + run.instanceName(owner[0])
            + ", owner of "
            + run.plan().badPool()
            + "'s pool task");
    run.killInstance(owner[0]);
    run.awaitTrafficOffset(midIncident(run).plusSeconds(15));
    run.fault("restart of " + run.instanceName(owner[0]));
    run.startInstance(owner[0]);
  }

  static void scaleOutAndIn(ChaosRun run) throws Exception {
    run.addInstance();
    run.startTraffic();
    Duration step = run.plan().lead().dividedBy(3);
    run.awaitTrafficOffset(step);
    run.fault("instance 2 added");
    run.addInstance();
    run.awaitTrafficOffset(step.multipliedBy(2));
    run.fault("instance 3 added");
    run.addInstance();
    run.awaitTrafficOffset(midIncident(run));
    run.fault("instance 3 stopped (SIGTERM)");
    run.stopInstance(2);
    run.awaitTrafficOffset(midIncident(run).plus(step));
    run.fault("instance 2 stopped (SIGTERM)");
    run.stopInstance(1);
  }

  static void leaderFailover(ChaosRun run) throws Exception {
    run.addInstance();
    run.addInstance();
    run.startTraffic();
    run.awaitTrafficOffset(midIncident(run));
    String input = run.topicNames().accessLogs();
    int inputLeader = run.cluster().leaderOf(input, run.partitionOf(run.plan().badPool()));
    run.fault(
        "kill -9 of broker "
            + inputLeader
            + ", leader of "
            + input
            + "-"
            + run.partitionOf(run.plan().badPool()));
    run.cluster().kill(inputLeader);
    run.awaitTrafficOffset(midIncident(run).plusSeconds(12));
    run.fault("broker " + inputLeader + " restarted");
    run.cluster().start(inputLeader);
    run.awaitTrafficOffset(midIncident(run).plusSeconds(20));
    String pools = run.appId() + "-pool-partials-repartition";
    int poolLeader = run.cluster().leaderOf(pools, run.partitionOf(run.plan().badPool()));
    run.fault(
        "kill -9 of broker "
            + poolLeader
            + ", leader of the pool partition of "
            + run.plan().badPool());
    run.cluster().kill(poolLeader);
    run.awaitTrafficOffset(midIncident(run).plusSeconds(32));
    run.fault("broker " + poolLeader + " restarted");
    run.cluster().start(poolLeader);
  }

  static void brokerOutages(ChaosRun run) throws Exception {
    run.addInstance();
    run.startTraffic();
    run.awaitTrafficOffset(midIncident(run));
    run.fault("broker 1 stopped (SIGTERM)");
    run.cluster().stop(1);
    run.awaitTrafficOffset(midIncident(run).plusSeconds(30));
    run.fault("broker 1 restarted");
    run.cluster().start(1);
    run.awaitTrafficOffset(midIncident(run).plusSeconds(45));
    run.fault("broker 1 frozen (SIGSTOP)");
    run.cluster().pause(1);
    run.awaitTrafficOffset(midIncident(run).plusSeconds(105));
    run.fault("broker 1 resumed (SIGCONT)");
    run.cluster().resume(1);
  }

  static void configChangesDown(ChaosRun run) throws Exception {
    run.addInstance();
    run.addInstance();
    run.startTraffic();
    run.awaitTrafficOffset(run.plan().lead().minusSeconds(5));
    String topic = run.topicNames().configChanges();
    int leader = run.cluster().leaderOf(topic, 0);
    run.fault("broker " + leader + " stopped: " + topic + " (one replica) unavailable");
    run.cluster().stop(leader);
    run.awaitTrafficOffset(run.plan().lead().plusSeconds(20));
    run.fault("broker " + leader + " restarted: the deploy's announcement arrives");
    run.cluster().start(leader);
  }

  static void garbage(ChaosRun run) {
    run.addInstance();
    long total = Math.round(1_000_000 * run.plan().rateRps() / 400);
    run.startBulk(run.bulk(total - total / 100, total / 100, Duration.ofSeconds(100)));
    run.fault("backlog of " + total + " records, 1% malformed");
  }

  private static int ownerOrMinusOne(ChaosRun run) {
    try {
      return run.poolTaskOwner(run.plan().badPool());
    } catch (Exception e) {
      return -1;
    }
  }
}
