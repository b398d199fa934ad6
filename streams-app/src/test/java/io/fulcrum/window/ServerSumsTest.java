package io.fulcrum.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSumsTest {
  private final ServerSums sums = new ServerSums();

  @Test
  void sameNamesFindTheSameAccumulatorEvenAsDifferentStringInstances() {
    ServerWindowAccumulator first = sums.get("web", "web-1");
    ServerWindowAccumulator again = sums.get(new String("web"), new String("web-1"));
    assertThat(again).isSameAs(first);
    assertThat(sums.size()).isEqualTo(1);
  }

  @Test
  void keepsPoolsAndServersApartIncludingNamesThatSwapRoles() {
    ServerWindowAccumulator a = sums.get("web", "s1");
    ServerWindowAccumulator b = sums.get("api", "s1");
    ServerWindowAccumulator c = sums.get("s1", "web");
    assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
    assertThat(sums.size()).isEqualTo(3);
  }

  @Test
  void growsPastItsInitialCapacityKeepingEveryEntryInInsertionOrder() {
    List<ServerWindowAccumulator> created = new ArrayList<>();
    for (int p = 0; p < 50; p++) {
      for (int s = 0; s < 40; s++) {
        ServerWindowAccumulator acc = sums.get("pool-" + p, "pool-" + p + "-s" + s);
        acc.add(1_000L, 200, p * 100 + s);
        created.add(acc);
      }
    }
    assertThat(sums.size()).isEqualTo(2_000);
    for (int e = 0; e < sums.size(); e++) {
      int p = e / 40;
      int s = e % 40;
      assertThat(sums.pool(e)).isEqualTo("pool-" + p);
      assertThat(sums.server(e)).isEqualTo("pool-" + p + "-s" + s);
      assertThat(sums.sum(e)).isSameAs(created.get(e));
      assertThat(sums.get("pool-" + p, "pool-" + p + "-s" + s)).isSameAs(created.get(e));
    }
  }

  @Test
  void collidingHashCodesStayDistinct() {
    // "Aa" and "BB" have the same String hash code.
    ServerWindowAccumulator aa = sums.get("p", "Aa");
    ServerWindowAccumulator bb = sums.get("p", "BB");
    assertThat(aa).isNotSameAs(bb);
    assertThat(sums.get("p", "BB")).isSameAs(bb);
    assertThat(sums.get("p", "Aa")).isSameAs(aa);
  }
}
