package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.junit.jupiter.api.Test;

class StreamsAppCloseTest {
  @Test
  void aCleanStopLeavesTheGroupSoThePoolsMoveAtOnce() {
    assertThat(StreamsApp.onClose(new Properties()))
        .isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
  }

  @Test
  void aStaticMemberRemainsSoARestartKeepsItsPartitions() {
    for (String key :
        new String[] {
          "group.instance.id", "consumer.group.instance.id", "main.consumer.group.instance.id"
        }) {
      Properties p = new Properties();
      p.put(key, "fulcrum-1");
      assertThat(StreamsApp.onClose(p)).as(key).isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
    }
  }
}
