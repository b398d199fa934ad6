package io.fulcrum.detect;

import io.fulcrum.window.LatencySketch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded traffic generator for tests: each {@link #next()} samples one 10-second pool window. The
 * request count is Poisson(rate × 10), each request picks a server from the multinomial {@link
 * #shares}, fails with the server's 5xx probability and gets a log-normal latency (sigma 0.4)
 * around the server's median.
 */
public final class SimPool {
  static final long WINDOW_MS = 10_000;

  private final Random rnd;
  final List<String> servers = new ArrayList<>();
  double[] shares;
  double[] errorRates;
  double[] medianMs;
  double reqPerSec = 50;
  long noServerPerWindow;
  Map<String, Double> declared;
  boolean latency = true;
  private long windowIndex;

  private SimPool(long seed, int n) {
    rnd = new Random(seed);
    for (int i = 1; i <= n; i++) {
      servers.add("web-" + i);
    }
    shares = new double[n];
    Arrays.fill(shares, 1.0 / n);
    errorRates = new double[n];
    medianMs = new double[n];
    Arrays.fill(medianMs, 40);
  }

  /** n servers web-1..web-n, even shares, 50 req/s, no errors, 40 ms median latency. */
  static SimPool even(long seed, int n) {
    return new SimPool(seed, n);
  }

  SimPool rate(double rps) {
    reqPerSec = rps;
    return this;
  }

  /** Relative weights, normalised; length must match the server count. */
  SimPool shares(double... weights) {
    double sum = Arrays.stream(weights).sum();
    shares = Arrays.stream(weights).map(w -> w / sum).toArray();
    return this;
  }

  SimPool errorRate(double p) {
    Arrays.fill(errorRates, p);
    return this;
  }

  SimPool errorRate(int server, double p) {
    errorRates[server] = p;
    return this;
  }

  SimPool median(int server, double ms) {
    medianMs[server] = ms;
    return this;
  }

  SimPool declared(Map<String, Double> weights) {
    declared = weights;
    return this;
  }

  SimPool noServer(long perWindow) {
    noServerPerWindow = perWindow;
    return this;
  }

  SimPool withoutLatency() {
    latency = false;
    return this;
  }

  /** Adds server web-(n+1) with the given relative weight, keeping the others' relative weights. */
  SimPool addServer(double relativeWeight) {
    int n = servers.size();
    servers.add("web-" + (n + 1));
    double[] w = Arrays.copyOf(shares, n + 1);
    w[n] = relativeWeight * (1.0 / n);
    shares(w);
    errorRates = Arrays.copyOf(errorRates, n + 1);
    medianMs = Arrays.copyOf(medianMs, n + 1);
    medianMs[n] = 40;
    return this;
  }

  long poisson(double mean) {
    return poisson(rnd, mean);
  }

  /** A Poisson draw (normal approximation above a mean of 50). */
  public static long poisson(java.util.Random rnd, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 50) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
    }
    double limit = Math.exp(-mean);
    double prod = rnd.nextDouble();
    long k = 0;
    while (prod > limit) {
      prod *= rnd.nextDouble();
      k++;
    }
    return k;
  }

  /** Samples the next window. */
  PoolObservation next() {
    return window(poisson(reqPerSec * WINDOW_MS / 1000.0));
  }

  /** A window with exactly {@code total} member requests. */
  PoolObservation window(long total) {
    int n = servers.size();
    long[] count = new long[n];
    long[] errors = new long[n];
    LatencySketch[] sketches = new LatencySketch[n];
    for (int i = 0; i < n; i++) {
      sketches[i] = new LatencySketch();
    }
    double[] cumulative = new double[n];
    double acc = 0;
    for (int i = 0; i < n; i++) {
      acc += shares[i];
      cumulative[i] = acc;
    }
    for (long r = 0; r < total; r++) {
      double u = rnd.nextDouble() * acc;
      int i = 0;
      while (i < n - 1 && u >= cumulative[i]) {
        i++;
      }
      count[i]++;
      if (errorRates[i] > 0 && rnd.nextDouble() < errorRates[i]) {
        errors[i]++;
      }
      if (latency) {
        sketches[i].record((int) Math.round(medianMs[i] * Math.exp(0.4 * rnd.nextGaussian())));
      }
    }
    List<ServerObservation> obs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      obs.add(new ServerObservation(servers.get(i), count[i], errors[i], sketches[i]));
    }
    long start = windowIndex++ * WINDOW_MS;
    return new PoolObservation("web", start, start + WINDOW_MS, obs, noServerPerWindow, declared);
  }

  /** Analyses {@code windows} sampled windows (learning as it goes) and returns every finding. */
  List<Finding> feed(PoolAnalyzer analyzer, PoolBaseline baseline, int windows) {
    List<Finding> all = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      all.addAll(analyzer.analyze(next(), baseline).findings());
    }
    return all;
  }

  /** An observation where every member got nothing. */
  PoolObservation empty() {
    return window(0);
  }
}
