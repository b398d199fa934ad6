package io.fulcrum.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolBaselineTest {
  private static PoolBaseline learned(SimPool pool, int windows) {
    PoolBaseline b = new PoolBaseline();
    for (int w = 0; w < windows; w++) {
      b.learn(pool.next());
    }
    return b;
  }

  @Test
  void bytesRoundTripPreservesEverythingTheDetectorsRead() {
    SimPool pool = SimPool.even(1, 5).rate(80).errorRate(0.02).median(3, 90).noServer(3);
    PoolBaseline b = learned(pool, 50);
    byte[] bytes = b.toBytes();
    PoolBaseline back = PoolBaseline.fromBytes(bytes);
    assertThat(bytes[0]).isEqualTo((byte) 1);
    assertThat(back.toBytes()).isEqualTo(bytes);
    assertThat(back.healthyWindows()).isEqualTo(50);
    assertThat(back.isWarm()).isTrue();
    assertThat(back.requestRate()).isEqualTo(b.requestRate());
    assertThat(back.errorRate()).isEqualTo(b.errorRate());
    assertThat(back.servers()).containsExactlyElementsOf(b.servers());
    for (String s : b.servers()) {
      assertThat(back.share(s)).isCloseTo(b.share(s), within(1e-6));
      assertThat(back.serverErrorRate(s)).isCloseTo(b.serverErrorRate(s), within(1e-6));
      assertThat(back.p95Ms(s)).isEqualTo(b.p95Ms(s));
      assertThat(back.p99Ms(s)).isEqualTo(b.p99Ms(s));
      assertThat(back.isEstablished(s)).isEqualTo(b.isEstablished(s));
    }
  }

  @Test
  void encodingIsCompact() {
    assertThat(new PoolBaseline().toBytes()).hasSizeLessThan(45);
    PoolBaseline b = learned(SimPool.even(2, 6).rate(500), 60);
    assertThat(b.toBytes().length).isLessThan(6 * 200);
  }

  @Test
  void malformedOrUnknownVersionBytesAreRejected() {
    byte[] good = learned(SimPool.even(3, 3), 5).toBytes();
    assertThatThrownBy(() -> PoolBaseline.fromBytes(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] wrongVersion = good.clone();
    wrongVersion[0] = 9;
    assertThatThrownBy(() -> PoolBaseline.fromBytes(wrongVersion))
        .isInstanceOf(IllegalArgumentException.class);
    for (int len = 1; len < good.length; len += 7) {
      byte[] truncated = java.util.Arrays.copyOf(good, len);
      assertThatThrownBy(() -> PoolBaseline.fromBytes(truncated))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void learnsSharesRatesAndLatencyOfTheTraffic() {
    PoolBaseline b = learned(SimPool.even(4, 4).rate(200).shares(4, 2, 1, 1).errorRate(0.01), 100);
    assertThat(b.share("web-1")).isCloseTo(0.5, within(0.01));
    assertThat(b.share("web-4")).isCloseTo(0.125, within(0.01));
    assertThat(b.requestRate()).isCloseTo(2000, within(40.0));
    assertThat(b.errorRate()).isCloseTo(0.01, within(0.002));
    assertThat(b.serverErrorRate("web-3")).isCloseTo(0.01, within(0.004));
    // log-normal, median 40 ms, sigma 0.4: p95 = 77 ms, p99 = 101 ms; within one bucket.
    assertThat(b.p95Ms("web-2")).isBetween(70, 90);
    assertThat(b.p99Ms("web-2")).isBetween(91, 120);
    assertThat(b.p95Ms("nope")).isZero();
  }

  @Test
  void becomesWarmAfterTheConfiguredNumberOfHealthyWindows() {
    PoolBaseline b = new PoolBaseline(DetectionSettings.defaults().withBaseline(30, 3));
    SimPool pool = SimPool.even(5, 2);
    b.learn(pool.next());
    b.learn(pool.next());
    assertThat(b.isWarm()).isFalse();
    b.learn(pool.next());
    assertThat(b.isWarm()).isTrue();
  }

  @Test
  void serverThatJoinsLaterIsEstablishedOnlyAfterTheMaturityWindows() {
    SimPool pool = SimPool.even(6, 3).rate(50);
    PoolBaseline b = learned(pool, 20);
    assertThat(b.isEstablished("web-1")).isTrue();
    pool.addServer(1);
    for (int w = 0; w < 11; w++) {
      b.learn(pool.next());
    }
    assertThat(b.isEstablished("web-4")).isFalse();
    b.learn(pool.next());
    assertThat(b.isEstablished("web-4")).isTrue();
    assertThat(b.share("web-4")).isCloseTo(0.25, within(0.05));
  }

  @Test
  void serverGoneFromThePoolDecaysOutAndIsForgotten() {
    PoolBaseline b = learned(SimPool.even(7, 4).rate(50), 30);
    SimPool three = SimPool.even(8, 3).rate(50);
    for (int w = 0; w < 30; w++) {
      b.learn(three.next());
    }
    assertThat(b.share("web-4"))
        .isCloseTo(0.25 / 3, within(0.01)); // half the weight, 1.5x the windows
    for (int w = 0; w < 400; w++) {
      b.learn(three.next());
    }
    assertThat(b.servers()).containsExactly("web-1", "web-2", "web-3");
  }

  @Test
  void learnRateUpdatesOnlyTheRequestRate() {
    PoolBaseline b = learned(SimPool.even(9, 2).rate(10), 10);
    long healthy = b.healthyWindows();
    Map<String, Double> shares = b.shares();
    b.learnRate(
        new PoolObservation("p", 0, 1, List.of(ServerObservation.of("web-1", 3, 0)), 0, null));
    assertThat(b.healthyWindows()).isEqualTo(healthy);
    assertThat(b.shares()).isEqualTo(shares);
    assertThat(b.requestRate()).isLessThan(100);
  }

  @Test
  void perServerErrorRateIsShrunkTowardThePoolRate() {
    PoolBaseline b = new PoolBaseline();
    b.learn(
        new PoolObservation(
            "p",
            0,
            1,
            List.of(ServerObservation.of("a", 990, 0), ServerObservation.of("b", 10, 5)),
            0,
            null));
    assertThat(b.errorRate()).isCloseTo(0.005, within(1e-9));
    // 5 of 10 alone would be 50%; with 50 pseudo-requests at 0.5% it is (5 + 0.25) / 60.
    assertThat(b.serverErrorRate("b")).isCloseTo(5.25 / 60, within(1e-6));
    assertThat(b.serverErrorRate("unknown")).isCloseTo(0.005, within(1e-9));
  }

  @Test
  void forgettingServersAcceptsTheirDeliberateRemoval() {
    PoolAnalyzer analyzer = new PoolAnalyzer();
    PoolBaseline b = analyzer.newBaseline();
    SimPool.even(11, 4).rate(50).feed(analyzer, b, 20);
    PoolObservation onlyWeb1 =
        new PoolObservation(
            "web", 0, 10_000, List.of(ServerObservation.of("web-1", 500, 0)), 0, null);
    assertThat(analyzer.evaluate(onlyWeb1, b).findings()).isNotEmpty();
    b.forget("web-2");
    b.forget("web-3");
    b.forget("web-4");
    assertThat(analyzer.evaluate(onlyWeb1, b).findings()).isEmpty();
    assertThat(analyzer.evaluate(onlyWeb1, b).healthy()).isTrue();
  }
}
