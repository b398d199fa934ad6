package io.fulcrum.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Offered request rate of one pool as a function of the offset from the scenario start: a base rate
 * times any number of shapes (flash crowd, ramp, silence). Immutable.
 *
 * <p>Arrivals are Poisson. The rate is treated as piecewise constant: exact between shape
 * boundaries, stepped every {@link #RAMP_STEP_MS} inside ramps; since exponential gaps are
 * memoryless, a gap crossing a step is simply redrawn from the step at the new rate.
 */
public final class TrafficProfile {

  static final long RAMP_STEP_MS = 1_000;

  private final double baseRps;
  private final List<Shape> shapes;

  private TrafficProfile(double baseRps, List<Shape> shapes) {
    if (!(baseRps >= 0) || Double.isInfinite(baseRps)) {
      throw new IllegalArgumentException("baseRps must be finite and >= 0: " + baseRps);
    }
    this.baseRps = baseRps;
    this.shapes = List.copyOf(shapes);
  }

  public static TrafficProfile constant(double rps) {
    return new TrafficProfile(rps, List.of());
  }

  /** A quiet night: 1.5 req/s. */
  public static TrafficProfile nightTrickle() {
    return constant(1.5);
  }

  /**
   * Morning ramp: {@code lowRps} until {@code fromMs}, linear to {@code highRps} at {@code toMs},
   * then flat.
   */
  public static TrafficProfile diurnalRamp(double lowRps, double highRps, long fromMs, long toMs) {
    return constant(lowRps).withRamp(fromMs, toMs, 1, highRps / lowRps);
  }

  /**
   * Traffic times {@code multiplier} in [fromMs, toMs), ramping in and out linearly over {@code
   * rampMs}.
   */
  public TrafficProfile withFlashCrowd(long fromMs, long toMs, double multiplier, long rampMs) {
    if (rampMs < 0 || 2 * rampMs > toMs - fromMs) {
      throw new IllegalArgumentException("ramps must fit in the window: " + rampMs);
    }
    return with(new Window(fromMs, toMs, nonNegative(multiplier), rampMs));
  }

  /**
   * Multiplier {@code from} before {@code fromMs}, linear to {@code to} at {@code toMs}, {@code to}
   * after.
   */
  public TrafficProfile withRamp(long fromMs, long toMs, double from, double to) {
    return with(new Ramp(fromMs, toMs, nonNegative(from), nonNegative(to)));
  }

  /** No traffic at all in [fromMs, toMs); use {@code Long.MAX_VALUE} for "until the end". */
  public TrafficProfile withSilence(long fromMs, long toMs) {
    return with(new Window(fromMs, toMs, 0, 0));
  }

  public double baseRps() {
    return baseRps;
  }

  /** Offered rate in req/s at {@code offsetMs} from the scenario start. */
  public double rateAt(long offsetMs) {
    double r = baseRps;
    for (Shape s : shapes) {
      r *= s.multiplierAt(offsetMs);
    }
    return r;
  }

  /**
   * The next offset after {@code offsetMs} at which {@link #rateAt} may change; MAX_VALUE if never.
   */
  public long nextChangeAfter(long offsetMs) {
    long next = Long.MAX_VALUE;
    for (Shape s : shapes) {
      next = Math.min(next, s.nextBreakAfter(offsetMs));
    }
    return next;
  }

  /**
   * Next Poisson arrival strictly after {@code afterMs} and before {@code untilMs}, with all rates
   * times {@code rateMultiplier}; {@code +Infinity} when none. Offsets are fractional milliseconds
   * so thousands of req/s do not collapse onto whole milliseconds before rounding.
   */
  public double nextArrival(
      double afterMs, long untilMs, double rateMultiplier, SplittableRandom rnd) {
    double t = afterMs;
    while (t < untilMs) {
      long at = (long) Math.floor(t);
      double rate = rateAt(at) * rateMultiplier;
      long brk = Math.min(nextChangeAfter(at), untilMs);
      if (rate > 0) {
        double candidate = t + SimRandom.exponential(rnd, 1000.0 / rate);
        if (candidate < brk) {
          return candidate;
        }
      }
      t = brk;
    }
    return Double.POSITIVE_INFINITY;
  }

  private TrafficProfile with(Shape s) {
    List<Shape> next = new ArrayList<>(shapes);
    next.add(s);
    return new TrafficProfile(baseRps, next);
  }

  private static double nonNegative(double m) {
    if (!(m >= 0) || Double.isInfinite(m)) {
      throw new IllegalArgumentException("multiplier must be finite and >= 0: " + m);
    }
    return m;
  }

  private sealed interface Shape permits Window, Ramp {
    double multiplierAt(long t);

    long nextBreakAfter(long t);
  }

  private record Window(long fromMs, long toMs, double multiplier, long rampMs) implements Shape {
    Window {
      if (toMs <= fromMs) {
        throw new IllegalArgumentException("empty window " + fromMs + ".." + toMs);
      }
    }

    @Override
    public double multiplierAt(long t) {
      if (t < fromMs || t >= toMs) {
        return 1;
      }
      double envelope = 1;
      if (rampMs > 0) {
        envelope =
            Math.min(1, Math.min((double) (t - fromMs) / rampMs, (double) (toMs - t) / rampMs));
      }
      return 1 + (multiplier - 1) * envelope;
    }

    @Override
    public long nextBreakAfter(long t) {
      if (t < fromMs) {
        return fromMs;
      }
      if (t >= toMs) {
        return Long.MAX_VALUE;
      }
      if (rampMs > 0 && t < fromMs + rampMs) {
        return Math.min(fromMs + rampMs, t + RAMP_STEP_MS);
      }
      if (rampMs > 0 && t >= toMs - rampMs) {
        return Math.min(toMs, t + RAMP_STEP_MS);
      }
      return toMs - rampMs;
    }
  }

  private record Ramp(long fromMs, long toMs, double from, double to) implements Shape {
    Ramp {
      if (toMs <= fromMs) {
        throw new IllegalArgumentException("empty ramp " + fromMs + ".." + toMs);
      }
    }

    @Override
    public double multiplierAt(long t) {
      if (t < fromMs) {
        return from;
      }
      if (t >= toMs) {
        return to;
      }
      return from + (to - from) * (t - fromMs) / (toMs - fromMs);
    }

    @Override
    public long nextBreakAfter(long t) {
      if (t < fromMs) {
        return fromMs;
      }
      return t >= toMs ? Long.MAX_VALUE : Math.min(toMs, t + RAMP_STEP_MS);
    }
  }
}
