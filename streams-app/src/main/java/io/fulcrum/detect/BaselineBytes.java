package io.fulcrum.detect;

import io.fulcrum.window.LatencySketch;
import io.fulcrum.window.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Byte-level helpers of the {@link PoolBaseline} encoding (big-endian floats and doubles, sparse
 * histograms).
 */
final class BaselineBytes {
  private BaselineBytes() {}

  static void writeHistogram(ByteArrayOutputStream out, double[] hist) {
    if (hist == null) {
      Varint.write(out, 0);
      return;
    }
    int nonZero = 0;
    for (double w : hist) {
      if (w > 0) {
        nonZero++;
      }
    }
    Varint.write(out, nonZero);
    int prev = -1;
    for (int i = 0; i < hist.length; i++) {
      if (hist[i] > 0) {
        Varint.write(out, i - prev - 1);
        writeFloat(out, hist[i]);
        prev = i;
      }
    }
  }

  static double[] readHistogram(ByteBuffer in) {
    int nonZero = (int) Varint.readBounded(in, LatencySketch.NUM_BUCKETS, "histogram size");
    if (nonZero == 0) {
      return null;
    }
    double[] hist = new double[LatencySketch.NUM_BUCKETS];
    int prev = -1;
    for (int k = 0; k < nonZero; k++) {
      int i = prev + 1 + (int) Varint.readBounded(in, LatencySketch.NUM_BUCKETS, "bucket delta");
      if (i >= LatencySketch.NUM_BUCKETS) {
        throw new IllegalArgumentException("bucket index out of range: " + i);
      }
      hist[i] = readNonNegative(in.getFloat());
      prev = i;
    }
    return hist;
  }

  static double readNonNegative(double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("invalid baseline value " + v);
    }
    return v;
  }

  static void writeDouble(ByteArrayOutputStream out, double v) {
    long bits = Double.doubleToLongBits(v);
    for (int s = 56; s >= 0; s -= 8) {
      out.write((int) (bits >>> s));
    }
  }

  static void writeFloat(ByteArrayOutputStream out, double v) {
    int bits = Float.floatToIntBits((float) v);
    for (int s = 24; s >= 0; s -= 8) {
      out.write(bits >>> s);
    }
  }
}
