package io.fulcrum.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.ServerWindowStats;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.junit.jupiter.api.Test;

class WatermarksTest {
  private final StreamPartitioner<String, ServerWindowStats> partitioner = Watermarks.partitioner();

  @Test
  void aWatermarkGoesToEveryPartition() {
    String key = Watermarks.key("0_3");
    assertThat(partitioner.partitions("t", key, Watermarks.value(key, 5L), 6))
        .contains(Set.of(0, 1, 2, 3, 4, 5));
  }

  @Test
  void aPoolsPartialIsLeftToTheDefaultPartitionerLikeTheResultsTopic() {
    assertThat(
            partitioner.partitions(
                "t", "web", new ServerWindowAccumulator().toStats("web", "w1", 0, 10), 6))
        .isEqualTo(Optional.empty());
  }

  @Test
  void aWatermarkKeyNamesItsTaskAndIsNoPoolName() {
    assertThat(Watermarks.source(Watermarks.key("1_12"))).isEqualTo("1_12");
    assertThat(Watermarks.isWatermark(Watermarks.key("0_0"))).isTrue();
    assertThat(Watermarks.isWatermark("web")).isFalse();
    assertThat(Watermarks.isWatermark("watermark")).isFalse();
    assertThat(Watermarks.isWatermark(null)).isFalse();
  }
}
