package io.fulcrum.chaos.kafka;

import java.io.IOException;

/**
 * The main class of each {@link KafkaProcessCluster} node: formats the node's log dirs if they are
 * not yet (so a restart reuses the same data), then runs {@code kafka.Kafka}. It also halts the
 * broker when its stdin reaches end of file, which happens when the test JVM dies without running
 * its shutdown hooks (kill -9, a fork timeout), so no broker outlives the test run.
 *
 * <p>Arguments: {@code <clusterId> <server.properties>}.
 */
final class KafkaNodeMain {
  private KafkaNodeMain() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: KafkaNodeMain <clusterId> <server.properties>");
      System.exit(2);
    }
    Thread watchdog = new Thread(KafkaNodeMain::haltWhenParentGone, "fulcrum-parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    // Here rather than in a JVM of its own: a separate kafka-storage JVM costs about 2 s of CPU per
    // node.
    int formatted =
        kafka.tools.StorageTool.execute(
            new String[] {"format", "--ignore-formatted", "-t", args[0], "-c", args[1]},
            System.out);
    if (formatted != 0) {
      System.err.println("kafka-storage format failed with " + formatted);
      System.exit(formatted);
    }
    kafka.Kafka.main(new String[] {args[1]});
  }

  private static void haltWhenParentGone() {
    try {
      while (System.in.read() >= 0) {
        // the parent never writes; only end of file matters
      }
    } catch (IOException e) {
      // a broken pipe means the same as end of file
    }
    System.err.println("fulcrum: the test JVM is gone, halting this broker");
    Runtime.getRuntime().halt(1);
  }
}
