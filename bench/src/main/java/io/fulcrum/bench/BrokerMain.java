package io.fulcrum.bench;

import java.io.IOException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node KRaft broker (Kafka's own test kit) in a JVM of its own, so that the pipeline under
 * test does not share heap and GC with it. Prints {@code BOOTSTRAP <servers>} when ready and stops
 * when its standard input closes (the parent died or closed it).
 */
public final class BrokerMain {
  static final String READY = "BOOTSTRAP ";

  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    try (KafkaClusterTestKit kit =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .build()) {
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
      System.out.println(READY + kit.bootstrapServers());
      System.out.flush();
      waitForEndOfInput();
    }
  }

  private static void waitForEndOfInput() {
    try {
      while (System.in.read() >= 0) {
        // Anything written to us is ignored; only the end of input matters.
      }
    } catch (IOException e) {
      // The parent is gone: stop.
    }
  }
}
