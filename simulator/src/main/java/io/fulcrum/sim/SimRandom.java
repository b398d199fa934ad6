package io.fulcrum.sim;

import java.util.SplittableRandom;

/**
 * Distributions on top of {@link SplittableRandom}. Hand-written rather than {@code
 * RandomGenerator.nextGaussian()} so a seed gives the same stream on every JDK.
 */
final class SimRandom {

  private SimRandom() {}

  /** Standard normal, Marsaglia polar method. */
  static double gaussian(SplittableRandom rnd) {
    double u;
    double v;
    double s;
    do {
      u = 2 * rnd.nextDouble() - 1;
      v = 2 * rnd.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }

  static double logNormal(SplittableRandom rnd, double median, double sigma) {
    return median * Math.exp(sigma * gaussian(rnd));
  }

  /** Exponential with the given mean; 1 - u keeps the argument of log away from 0. */
  static double exponential(SplittableRandom rnd, double mean) {
    return -mean * Math.log(1 - rnd.nextDouble());
  }

  /** SplitMix64 finalizer: a cheap, well-mixed hash for deriving fake addresses and ports. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
