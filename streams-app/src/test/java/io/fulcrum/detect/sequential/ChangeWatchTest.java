package io.fulcrum.detect.sequential;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.detect.AnomalyKind;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.detect.SimPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast path on one-second slices: the postmortems' typo fires within seconds of the change at
 * any rate from 3 req/s, a 5xx spike as well; changes within the bounds (harmless, canary, drain)
 * never fire; and over a million quiet slices the alarms stay under their alpha.
 */
class ChangeWatchTest {
  private static final long SLICE_MS = 1000;
  private static final Map<String, Double> EVEN4 = shares(0.25, 0.25, 0.25, 0.25);

  /**
   * Slices of a pool whose traffic really goes by {@code actual}, each request failing with {@code
   * errorRate}.
   */
  private static final class Slices {
    private final Random rnd;
    private final double rate;
    private final double[] actual;
    private final double errorRate;
    private final double wobble;
    private long t;

    Slices(long seed, double rate, double[] actual, double errorRate, double wobble) {
      this.rnd = new Random(seed);
      this.rate = rate;
      this.actual = actual;
      this.errorRate = errorRate;
      this.wobble = wobble;
    }

    PoolObservation next() {
      long n = SimPool.poisson(rnd, rate * SLICE_MS / 1000.0);
      // per-slice wobble of the true shares (sticky clients, uneven request mixes): quiet traffic
      // is not ideal
      double[] p = actual.clone();
      double sum = 0;
      for (int i = 0; i < p.length; i++) {
        p[i] = p[i] * (1 + wobble * (2 * rnd.nextDouble() - 1));
        sum += p[i];
      }
      long[] counts = new long[p.length];
      long[] errors = new long[p.length];
      for (long r = 0; r < n; r++) {
        double u = rnd.nextDouble() * sum;
        int s = 0;
        while (s < p.length - 1 && u >= p[s]) {
          u -= p[s];
          s++;
        }
        counts[s]++;
        if (rnd.nextDouble() < errorRate) {
          errors[s]++;
        }
      }
      List<ServerObservation> servers = new ArrayList<>();
      for (int i = 0; i < p.length; i++) {
        servers.add(ServerObservation.of("web-" + (i + 1), counts[i], errors[i]));
      }
      PoolObservation o = new PoolObservation("be_web", t, t + SLICE_MS, servers, 0, null);
      t += SLICE_MS;
      return o;
    }
  }

  private static Map<String, Double> shares(double... s) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < s.length; i++) {
      m.put("web-" + (i + 1), s[i]);
    }
    return m;
  }

  /** Slices until the watch fires or the change is no longer fresh. */
  private static Optional<ChangeWatch.Alarm> watch(ChangeWatch w, Slices slices) {
    for (int i = 0; i < 70; i++) {
      Optional<ChangeWatch.Alarm> a = w.observe(slices.next());
      if (a.isPresent()) {
        return a;
      }
    }
    return Optional.empty();
  }

  @ParameterizedTest(name = "{0} req/s: median within {1} s, max {2} s")
  @CsvSource({"3, 10, 30", "10, 4, 10", "100, 1, 2", "1000, 1, 1"})
  void theTypoThatSendsEverythingToOneServerFiresWithinSeconds(
      double rate, long medianS, long maxS) {
    long[] seconds = new long[21];
    for (int seed = 0; seed < seconds.length; seed++) {
      ChangeWatch w = new ChangeWatch(0, EVEN4, 0.002, SequentialSettings.defaults());
      ChangeWatch.Alarm a =
          watch(w, new Slices(seed, rate, new double[] {1, 0, 0, 0}, 0.002, 0)).orElseThrow();
      assertThat(a.kind()).isEqualTo(AnomalyKind.IMBALANCE);
      seconds[seed] = a.msSinceChange() / 1000;
    }
    Arrays.sort(seconds);
    System.out.printf(
        "all-to-one at %.0f req/s: alarm after median %d s, max %d s%n",
        rate, seconds[seconds.length / 2], seconds[seconds.length - 1]);
    assertThat(seconds[seconds.length / 2]).isLessThanOrEqualTo(medianS);
    assertThat(seconds[seconds.length - 1]).isLessThanOrEqualTo(maxS);
  }

  @Test
  void theOverloadedServerIsNamedWithItsShareAndTheBound() {
    ChangeWatch w = new ChangeWatch(0, EVEN4, 0.002, SequentialSettings.defaults());
    ChangeWatch.Alarm a =
        watch(w, new Slices(1, 100, new double[] {1, 0, 0, 0}, 0.002, 0)).orElseThrow();
    assertThat(a.server()).isEqualTo("web-1");
    assertThat(a.observed()).isEqualTo(1.0);
    assertThat(a.nullBound()).isEqualTo(0.375);
    assertThat(a.describe())
        .startsWith("web-1 got 100.0% of ")
        .contains("(bound 37.5%) within 1.0 s of the change (sequential test");
  }

  @Test
  void aFivexxSpikeOnEveryServerFiresAsAnErrorSpike() {
    ChangeWatch w = new ChangeWatch(0, EVEN4, 0.002, SequentialSettings.defaults());
    ChangeWatch.Alarm a =
        watch(w, new Slices(3, 100, new double[] {1, 1, 1, 1}, 0.3, 0)).orElseThrow();
    assertThat(a.kind()).isEqualTo(AnomalyKind.ERROR_SPIKE);
    assertThat(a.msSinceChange()).isLessThanOrEqualTo(3000);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "harmless change|0.25,0.25,0.25,0.25|1,1,1,1",
        "declared canary at 5%|0.95,0.05|19,1",
        "declared drain of one of four|0.3333,0.3333,0.3334,0|1,1,1,0",
        "stable skew from source hashing|0.25,0.25,0.25,0.25|1.3,0.9,0.9,0.9"
      })
  void changesWithinTheBoundsNeverFire(String name, String expected, String actual) {
    Map<String, Double> exp =
        shares(Arrays.stream(expected.split(",")).mapToDouble(Double::parseDouble).toArray());
    double[] act = Arrays.stream(actual.split(",")).mapToDouble(Double::parseDouble).toArray();
    for (int seed = 0; seed < 30; seed++) {
      for (double rate : new double[] {3, 100, 2000}) {
        ChangeWatch w = new ChangeWatch(0, exp, 0.002, SequentialSettings.defaults());
        assertThat(watch(w, new Slices(seed, rate, act, 0.002, 0.3)))
            .as("%s seed %d at %s req/s", name, seed, rate)
            .isEmpty();
      }
    }
  }

  @Test
  void aMillionQuietSlicesRaiseFewerAlarmsThanAlphaAllows() {
    double alpha = 0.01;
    int watches = 16_000;
    int alarms = 0;
    long slices = 0;
    for (int i = 0; i < watches; i++) {
      double rate = new double[] {3, 10, 30, 100}[i % 4];
      ChangeWatch w =
          new ChangeWatch(0, EVEN4, 0.002, SequentialSettings.defaults().withAlpha(alpha));
      Slices s = new Slices(1000 + i, rate, new double[] {1, 1, 1, 1}, 0.002, 0.4);
      for (int k = 0; k < 64 && !w.expired(k * SLICE_MS); k++) {
        slices++;
        if (w.observe(s.next()).isPresent()) {
          alarms++;
          break;
        }
      }
    }
    System.out.printf(
        "null run: %d slices in %d watches, %d alarms (%.5f per watch) against alpha %.2f%n",
        slices, watches, alarms, (double) alarms / watches, alpha);
    assertThat(slices).isGreaterThanOrEqualTo(950_000);
    assertThat((double) alarms / watches).isLessThanOrEqualTo(alpha);
  }

  @Test
  void slicesThatEndedBeforeTheChangeAreNotEvidence() {
    ChangeWatch w = new ChangeWatch(30_000, EVEN4, 0.002, SequentialSettings.defaults());
    Slices before = new Slices(2, 100, new double[] {1, 0, 0, 0}, 0.002, 0);
    for (int k = 0; k < 30; k++) {
      assertThat(w.observe(before.next())).isEmpty();
    }
    assertThat(w.requests()).isZero();
  }

  @Test
  void aChangeIsWatchedOnlyWhileItIsFresh() {
    ChangeWatch w = new ChangeWatch(0, EVEN4, 0.002, SequentialSettings.defaults());
    Slices late = new Slices(1, 100, new double[] {1, 0, 0, 0}, 0.002, 0);
    for (int k = 0; k < 60; k++) {
      late.next(); // a minute passes before the harm starts
    }
    assertThat(w.expired(60_000)).isTrue();
    assertThat(w.observe(late.next())).isEmpty();
    assertThat(w.requests()).isZero();
  }
}
