package io.fulcrum.bench.jmh;

import io.fulcrum.ingest.HaproxyHttpLogParser;
import io.fulcrum.ingest.NginxUpstreamLogParser;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.sim.HaproxyLogFormatter;
import io.fulcrum.sim.NginxLogFormatter;
import io.fulcrum.sim.SimRequest;
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
 * Log-line parsing, the per-line hot path of raw-log input and of replay: ns per line, 1024
 * distinct lines in turn.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParsingBench {
  private static final int LINES = 1024;
  private final String[] haproxyLines = new String[LINES];
  private final String[] nginxLines = new String[LINES];
  private final HaproxyHttpLogParser haproxy = new HaproxyHttpLogParser();
  private final NginxUpstreamLogParser nginx = new NginxUpstreamLogParser();
  private int next;

  @Setup
  public void lines() {
    List<String> servers = List.of("web-1", "web-2", "web-3", "web-4");
    HaproxyLogFormatter h = new HaproxyLogFormatter();
    NginxLogFormatter n = new NginxLogFormatter(servers);
    for (int i = 0; i < LINES; i++) {
      // Ten lines per millisecond: the date cache hits as it does on a real log.
      SimRequest r =
          SimRequest.of(
              1_780_000_000_000L + i / 10,
              "be_web",
              servers.get(i % 4),
              i % 50 == 0 ? 503 : 200,
              5 + i % 200,
              1000 + i);
      haproxyLines[i] = h.format(r);
      nginxLines[i] = n.format(r);
    }
  }

  @Benchmark
  public ParsedRequest haproxyLine() throws Exception {
    return haproxy.parse(haproxyLines[next++ & (LINES - 1)]);
  }

  @Benchmark
  public ParsedRequest nginxLine() throws Exception {
    return nginx.parse(nginxLines[next++ & (LINES - 1)]);
  }
}
