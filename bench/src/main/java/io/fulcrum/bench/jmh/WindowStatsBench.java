package io.fulcrum.bench.jmh;

import io.fulcrum.detect.Analysis;
import io.fulcrum.detect.PoolAnalyzer;
import io.fulcrum.detect.PoolBaseline;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.window.ServerWindowAccumulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-window statistics: adding one request to a server's window (the per-record cost of
 * pre-aggregation) and analysing one closed window of a 20-server pool against its baseline (the
 * per-window cost).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WindowStatsBench {
  private static final int SERVERS = 20;
  private final ServerWindowAccumulator accumulator = new ServerWindowAccumulator();
  private final PoolAnalyzer analyzer = new PoolAnalyzer();
  private PoolObservation window;
  private byte[] baseline;
  private int i;

  @Setup
  public void window() {
    List<ServerObservation> servers = new ArrayList<>();
    for (int s = 1; s <= SERVERS; s++) {
      ServerWindowAccumulator a = new ServerWindowAccumulator();
      for (int r = 0; r < 200; r++) {
        a.add(1_780_000_000_000L + r, r % 100 == 0 ? 503 : 200, 10 + (r * 7 + s) % 90);
      }
      servers.add(new ServerObservation("web-" + s, a.count(), a.errors5xx(), a.sketch()));
    }
    window =
        new PoolObservation("be_web", 1_780_000_000_000L, 1_780_000_010_000L, servers, 0, null);
    PoolBaseline b = analyzer.newBaseline();
    for (int w = 0; w < 10; w++) {
      analyzer.analyze(window, b);
    }
    baseline = b.toBytes();
  }

  @Benchmark
  public ServerWindowAccumulator addRequest() {
    accumulator.add(1_780_000_000_000L + i, (i & 63) == 0 ? 503 : 200, 5 + (i++ & 255));
    return accumulator;
  }

  @Benchmark
  public Analysis analyseWindow() {
    return analyzer.analyze(window, analyzer.baselineFromBytes(baseline));
  }
}
