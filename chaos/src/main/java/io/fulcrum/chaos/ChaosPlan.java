package io.fulcrum.chaos;

import java.time.Duration;

/**
 * The shape of one fault experiment: the cluster, the fleet of pools it watches, and the traffic.
 * The first pool gets the postmortems' bad deploy (everything to its first server, which overloads)
 * after {@code lead}, so every run has one real incident, and faults can land in the middle of it.
 *
 * @param brokers 1, or 3 for replication factor 3 with {@code min.insync.replicas} 2
 * @param pools pools of {@code servers} servers each
 * @param rateRps requests per second over all pools
 * @param window Fulcrum's window size (short, so that a run sees many windows)
 * @param lead healthy traffic before the bad deploy: the baselines and the last known good need it
 * @param traffic how long traffic runs in all
 * @param partitions partitions of the input topic and of {@code fulcrum.pool.partitions}
 */
public record ChaosPlan(
    int brokers,
    int pools,
    int servers,
    double rateRps,
    Duration window,
    Duration grace,
    Duration lead,
    Duration traffic,
    int partitions) {
  public static final String BAD_VERSION = "v2";

  public ChaosPlan {
    if (brokers != 1 && brokers != 3) {
      throw new IllegalArgumentException("brokers must be 1 or 3, got " + brokers);
    }
    if (pools < 2 || servers < 2 || rateRps <= 0 || partitions < 1) {
      throw new IllegalArgumentException(
          "need at least 2 pools of 2 servers, a rate and a partition");
    }
    if (lead.compareTo(traffic) >= 0) {
      throw new IllegalArgumentException(
          "the bad deploy (" + lead + ") must come before the traffic ends (" + traffic + ")");
    }
  }

  /**
   * The CI-sized default: 4 pools x 4 servers at 400 req/s, 2 s windows, the incident after 20 s
   * (10 windows: the baselines are warm after 6), traffic for at least 40 s; experiments run it
   * longer where their faults need it.
   */
  public static ChaosPlan small(int brokers) {
    return new ChaosPlan(
        brokers,
        4,
        4,
        400,
        Duration.ofSeconds(2),
        Duration.ofMillis(1000),
        Duration.ofSeconds(20),
        Duration.ofSeconds(40),
        6);
  }

  public ChaosPlan withTraffic(Duration lead, Duration traffic) {
    return new ChaosPlan(
        brokers, pools, servers, rateRps, window, grace, lead, traffic, partitions);
  }

  /** Larger fleets, faster traffic and longer runs, for {@code ./fulcrum chaos --scale}. */
  public ChaosPlan scaled(double factor) {
    return new ChaosPlan(
        brokers,
        (int) Math.max(2, Math.round(pools * factor)),
        servers,
        rateRps * factor,
        window,
        grace,
        lead,
        traffic,
        partitions);
  }

  public String badPool() {
    return poolName(0);
  }

  public static String poolName(int p) {
    return String.format("pool-%03d", p);
  }
}
