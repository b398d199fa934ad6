package io.fulcrum.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencySketchTest {
  private static final double BUCKET_RATIO = Math.pow(2, 0.25);

  @Test
  void bucketIndexIsMonotonicAndMatchesTheBucketBounds() {
    int previous = 0;
    for (int ms = 0; ms <= 300_000; ms++) {
      int i = LatencySketch.bucketIndex(ms);
      assertThat(i).isGreaterThanOrEqualTo(previous);
      assertThat(ms).isBetween(LatencySketch.bucketLowerMs(i), LatencySketch.bucketUpperMs(i));
      previous = i;
    }
    Random rnd = new Random(1);
    for (int k = 0; k < 100_000; k++) {
      int ms = rnd.nextInt(LatencySketch.MAX_MS + 1);
      int i = LatencySketch.bucketIndex(ms);
      assertThat(ms).isBetween(LatencySketch.bucketLowerMs(i), LatencySketch.bucketUpperMs(i));
    }
  }

  @Test
  void everyUsedBucketSpansLessThanAQuarterOctave() {
    for (int i = 1; i < LatencySketch.NUM_BUCKETS; i++) {
      int lo = LatencySketch.bucketLowerMs(i);
      int hi = LatencySketch.bucketUpperMs(i);
      if (lo <= hi) {
        assertThat((double) hi / lo).isLessThan(BUCKET_RATIO);
        assertThat(LatencySketch.bucketValueMs(i)).isBetween(lo, hi);
      }
    }
  }

  @Test
  void zeroNegativeAndHugeLatenciesAreClamped() {
    assertThat(LatencySketch.bucketIndex(0)).isZero();
    assertThat(LatencySketch.bucketIndex(-5)).isZero();
    assertThat(LatencySketch.bucketIndex(Integer.MAX_VALUE))
        .isEqualTo(LatencySketch.NUM_BUCKETS - 1);
    assertThat(LatencySketch.bucketIndex(LatencySketch.MAX_MS))
        .isEqualTo(LatencySketch.NUM_BUCKETS - 1);
    LatencySketch s = new LatencySketch();
    s.record(Integer.MAX_VALUE);
    assertThat(s.quantile(1.0)).isLessThanOrEqualTo(LatencySketch.MAX_MS);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void quantilesAreWithinTheRelativeErrorBoundOfExactQuantiles(long seed) {
    Random rnd = new Random(seed);
    int n = 1 + rnd.nextInt(20_000);
    int[] values = new int[n];
    LatencySketch s = new LatencySketch();
    double median = 1 + rnd.nextInt(2000);
    for (int k = 0; k < n; k++) {
      values[k] = (int) Math.round(median * Math.exp(1.2 * rnd.nextGaussian()));
      s.record(values[k]);
    }
    Arrays.sort(values);
    for (double q : new double[] {0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
      int exact = values[(int) Math.max(0, Math.ceil(q * n) - 1)];
      int approx = s.quantile(q);
      assertThat((double) Math.abs(approx - exact))
          .as("q=%s exact=%s approx=%s", q, exact, approx)
          .isLessThanOrEqualTo((Math.pow(2, 0.125) - 1) * exact + 0.5);
    }
  }

  @Test
  void quantileOfAnEmptySketchIsZero() {
    assertThat(new LatencySketch().quantile(0.95)).isZero();
    assertThat(new LatencySketch().count()).isZero();
  }

  @Test
  void mergeEqualsTheSketchOfTheUnion() {
    Random rnd = new Random(7);
    LatencySketch a = new LatencySketch();
    LatencySketch b = new LatencySketch();
    LatencySketch union = new LatencySketch();
    for (int k = 0; k < 5000; k++) {
      int ms = (int) Math.round(100 * Math.exp(rnd.nextGaussian()));
      (k % 3 == 0 ? a : b).record(ms);
      union.record(ms);
    }
    LatencySketch bCopy = b.copy();
    assertThat(a.merge(b)).isEqualTo(union);
    assertThat(b).isEqualTo(bCopy);
    assertThat(a.count()).isEqualTo(5000);
    assertThat(a.quantile(0.95)).isEqualTo(union.quantile(0.95));
  }

  @Test
  void mergingASketchIntoItselfDoublesIt() {
    LatencySketch s = new LatencySketch();
    s.record(10, 3);
    s.merge(s);
    assertThat(s.count()).isEqualTo(6);
    assertThat(s.bucketCount(LatencySketch.bucketIndex(10))).isEqualTo(6);
  }

  @Test
  void countAboveIsALowerBoundThatMissesAtMostTheThresholdBucket() {
    Random rnd = new Random(3);
    LatencySketch s = new LatencySketch();
    int[] values = new int[10_000];
    for (int k = 0; k < values.length; k++) {
      values[k] = (int) Math.round(200 * Math.exp(0.7 * rnd.nextGaussian()));
      s.record(values[k]);
    }
    for (int threshold : new int[] {0, 1, 50, 199, 200, 201, 555, 3000, LatencySketch.MAX_MS}) {
      long exactAbove = Arrays.stream(values).filter(v -> v > threshold).count();
      int upper = LatencySketch.bucketUpperMs(LatencySketch.bucketIndex(threshold));
      long aboveBucket = Arrays.stream(values).filter(v -> v > Math.max(upper, threshold)).count();
      assertThat(s.countAbove(threshold)).isLessThanOrEqualTo(exactAbove).isEqualTo(aboveBucket);
    }
  }

  @Test
  void bytesRoundTripAndAreSparse() {
    LatencySketch s = new LatencySketch();
    s.record(0);
    s.record(35, 1000);
    s.record(40, 300);
    s.record(1_000_000);
    byte[] bytes = s.toBytes();
    assertThat(bytes[0]).isEqualTo((byte) 1);
    assertThat(bytes.length).isLessThanOrEqualTo(2 + 4 * 4);
    LatencySketch back = LatencySketch.fromBytes(bytes);
    assertThat(back).isEqualTo(s);
    assertThat(back.count()).isEqualTo(1302);
    assertThat(back.toBytes()).isEqualTo(bytes);
  }

  @Test
  void emptySketchEncodesToTwoBytes() {
    byte[] bytes = new LatencySketch().toBytes();
    assertThat(bytes).hasSize(2);
    assertThat(LatencySketch.fromBytes(bytes).isEmpty()).isTrue();
  }

  @Test
  void randomSketchesRoundTrip() {
    Random rnd = new Random(11);
    for (int k = 0; k < 200; k++) {
      LatencySketch s = new LatencySketch();
      int n = rnd.nextInt(500);
      for (int r = 0; r < n; r++) {
        s.record(rnd.nextInt(5) == 0 ? rnd.nextInt() : rnd.nextInt(5000), 1 + rnd.nextInt(3));
      }
      assertThat(LatencySketch.fromBytes(s.toBytes())).isEqualTo(s);
    }
  }

  @Test
  void malformedBytesAreRejected() {
    assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {2, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {1, 1, 90, 1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {1, 1, 3}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {1, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordWithTimesAddsThatManyAndIgnoresNonPositive() {
    LatencySketch s = new LatencySketch();
    s.record(12, 5);
    s.record(12, 0);
    s.record(12, -3);
    assertThat(s.count()).isEqualTo(5);
    assertThat(s.quantile(0.5)).isBetween(11, 13);
  }
}
