package io.fulcrum.detect;

import io.fulcrum.window.LatencySketch;
import io.fulcrum.window.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What "normal" looks like for one pool, learned from healthy windows only. Mutable, not
 * thread-safe; one instance per pool, serialised into a state store with {@link #toBytes()}.
 *
 * <p>All averages are exponentially weighted with decay d = 2^(-1/halfLife) per learned window and
 * bias-corrected (value = decayed sum / decayed weight), so the first window already gives an
 * unbiased estimate:
 *
 * <ul>
 *   <li>request rate: requests (incl. unroutable) per window. Also updated by {@link #learnRate}
 *       from quiet windows that were too small to be healthy, so night-time lows are known and do
 *       not look like silence;
 *   <li>pool and per-server 5xx rates: decayed errors / decayed requests (per-request, not
 *       per-window averages);
 *   <li>traffic share per server: the average of its per-window share, over the windows since it
 *       first served traffic (own weight sum, so a server that joined later is not biased toward
 *       0), plus the effective number of requests behind that estimate ({@link #shareSampleSize});
 *   <li>latency per server: an exponentially decayed histogram on the {@link LatencySketch}
 *       buckets, from which p95 and p99 are read. Pooling requests (instead of averaging per-window
 *       p95s) keeps low-traffic windows from skewing the tail.
 * </ul>
 *
 * A server missing from a learned window counts as share 0 there, so servers gone from the pool
 * decay out and are forgotten once their share is below {@link
 * DetectionSettings.Baseline#dropShare()}.
 */
public final class PoolBaseline {
  private static final byte VERSION = 1;
  private static final double HIST_PRUNE =
      0.01; // less than 1% of one request left: drop the bucket

  private final DetectionSettings settings;
  private long healthyWindows;
  private double rateNum;
  private double rateDen;
  private double errNum;
  private double reqNum;
  private final TreeMap<String, ServerState> servers = new TreeMap<>();

  private static final class ServerState {
    long age; // learned windows since the server first served traffic
    double shareNum;
    double shareDen;
    double shareVar; // decayed sum of w^2 / served: sampling variance factor of the share estimate
    double errNum;
    double reqNum;
    double[] hist; // lazily allocated, LatencySketch.NUM_BUCKETS long

    double share() {
      return shareDen > 0 ? shareNum / shareDen : 0.0;
    }
  }

  /** An empty baseline with default settings. */
  public PoolBaseline() {
    this(DetectionSettings.defaults());
  }

  /** An empty baseline; settings are not serialised, pass the current ones when decoding. */
  public PoolBaseline(DetectionSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Learns one healthy window. Callers (normally {@link PoolAnalyzer}) must only pass healthy
   * windows.
   */
  public void learn(PoolObservation obs) {
    long served = obs.servedCount();
    learnRate(obs);
    if (served == 0) {
      return;
    }
    double d = settings.baseline().decay();
    healthyWindows++;
    errNum = d * errNum + obs.errorCount();
    reqNum = d * reqNum + obs.requestCount();
    Map<String, ServerObservation> byName = new HashMap<>();
    for (ServerObservation s : obs.servers()) {
      byName.put(s.server(), s);
      if (s.count() > 0) {
        servers.computeIfAbsent(s.server(), k -> new ServerState());
      }
    }
    for (Iterator<Map.Entry<String, ServerState>> it = servers.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, ServerState> e = it.next();
      ServerState st = e.getValue();
      ServerObservation o = byName.get(e.getKey());
      long c = o == null ? 0 : o.count();
      st.age++;
      st.shareNum = d * st.shareNum + (double) c / served;
      st.shareDen = d * st.shareDen + 1.0;
      st.shareVar = d * d * st.shareVar + 1.0 / served;
      st.errNum = d * st.errNum + (o == null ? 0 : o.errors5xx());
      st.reqNum = d * st.reqNum + c;
      learnLatency(st, o, d);
      if (c == 0 && st.share() < settings.baseline().dropShare()) {
        it.remove();
      }
    }
  }

  /** Updates only the request-rate average; used for quiet windows too small to be healthy. */
  public void learnRate(PoolObservation obs) {
    double d = settings.baseline().decay();
    rateNum = d * rateNum + obs.requestCount();
    rateDen = d * rateDen + 1.0;
  }

  private static void learnLatency(ServerState st, ServerObservation o, double d) {
    boolean hasData = o != null && !o.latency().isEmpty();
    if (st.hist == null && !hasData) {
      return;
    }
    if (st.hist == null) {
      st.hist = new double[LatencySketch.NUM_BUCKETS];
    }
    boolean any = false;
    for (int i = 0; i < st.hist.length; i++) {
      double w = d * st.hist[i] + (hasData ? o.latency().bucketCount(i) : 0);
      st.hist[i] = w < HIST_PRUNE ? 0.0 : w;
      any |= st.hist[i] > 0;
    }
    if (!any) {
      st.hist = null;
    }
  }

  /** Number of healthy windows learned. */
  public long healthyWindows() {
    return healthyWindows;
  }

  /** True once {@link DetectionSettings.Baseline#warmWindows()} healthy windows were learned. */
  public boolean isWarm() {
    return healthyWindows >= settings.baseline().warmWindows();
  }

  /** Average requests per window (incl. unroutable), 0 before anything was learned. */
  public double requestRate() {
    return rateDen > 0 ? rateNum / rateDen : 0.0;
  }

  /** Pool 5xx rate (unroutable requests count as errors), 0 before anything was learned. */
  public double errorRate() {
    return reqNum > 0 ? errNum / reqNum : 0.0;
  }

  /**
   * Forgets {@code server} entirely, e.g. when an operator confirms it was removed on purpose;
   * otherwise a removal that takes most of the expected traffic keeps alarming (see {@link
   * Expected}).
   */
  public void forget(String server) {
    servers.remove(server);
  }

  /** Names of the servers the baseline knows, sorted. */
  public Set<String> servers() {
    return Collections.unmodifiableSet(servers.keySet());
  }

  /** Learned traffic share of {@code server} (not renormalised), 0 if unknown. */
  public double share(String server) {
    ServerState st = servers.get(server);
    return st == null ? 0.0 : st.share();
  }

  /** Learned shares of all known servers (not renormalised), sorted by name. */
  public Map<String, Double> shares() {
    Map<String, Double> out = new LinkedHashMap<>();
    servers.forEach((k, v) -> out.put(k, v.share()));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Effective number of requests behind the learned share of {@code server}: Var(share estimate) ≈
   * share (1 - share) / this. Lets the G-test account for the baseline's own sampling noise (a
   * baseline learned at night is compared with a busy morning window). Infinite for unknown
   * servers.
   */
  public double shareSampleSize(String server) {
    ServerState st = servers.get(server);
    return st == null || st.shareVar <= 0
        ? Double.POSITIVE_INFINITY
        : st.shareDen * st.shareDen / st.shareVar;
  }

  /**
   * True if {@code server} has been learned long enough for its share to be expected: for at least
   * {@link DetectionSettings.Baseline#maturityWindows()} learned windows, or since the baseline
   * began.
   */
  public boolean isEstablished(String server) {
    ServerState st = servers.get(server);
    return st != null && st.age >= Math.min(settings.baseline().maturityWindows(), healthyWindows);
  }

  /**
   * Per-server 5xx rate, shrunk toward the pool rate with {@link
   * DetectionSettings.Errors#priorRequests()} pseudo-requests so a server with little history is
   * not judged on a handful of requests. The pool rate for unknown servers.
   */
  public double serverErrorRate(String server) {
    ServerState st = servers.get(server);
    double prior = settings.errors().priorRequests();
    if (st == null || st.reqNum + prior <= 0) {
      return errorRate();
    }
    return (st.errNum + prior * errorRate()) / (st.reqNum + prior);
  }

  /** Decayed number of requests behind the server's latency baseline. */
  public double latencyWeight(String server) {
    ServerState st = servers.get(server);
    if (st == null || st.hist == null) {
      return 0.0;
    }
    double sum = 0;
    for (double w : st.hist) {
      sum += w;
    }
    return sum;
  }

  /**
   * Learned latency quantile (bucket geometric midpoint, like {@link LatencySketch#quantile}), 0 if
   * none.
   */
  public int latencyQuantileMs(String server, double q) {
    ServerState st = servers.get(server);
    double total = latencyWeight(server);
    if (total <= 0) {
      return 0;
    }
    double rank = Math.max(q * total, 1e-9);
    double seen = 0;
    for (int i = 0; i < st.hist.length; i++) {
      seen += st.hist[i];
      if (seen >= rank) {
        return LatencySketch.bucketValueMs(i);
      }
    }
    return LatencySketch.bucketValueMs(LatencySketch.NUM_BUCKETS - 1);
  }

  public int p95Ms(String server) {
    return latencyQuantileMs(server, 0.95);
  }

  public int p99Ms(String server) {
    return latencyQuantileMs(server, 0.99);
  }

  /**
   * Version byte, varint healthy windows, four doubles (rate and 5xx sums), varint server count,
   * then per server: varint-length UTF-8 name, varint age, five floats (share and 5xx sums), and
   * the latency histogram as varint bucket count + (varint index delta, float weight) pairs.
   * Roughly 40 bytes + 30 per server + 5 per occupied latency bucket.
   */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 64 * servers.size());
    out.write(VERSION);
    Varint.write(out, healthyWindows);
    BaselineBytes.writeDouble(out, rateNum);
    BaselineBytes.writeDouble(out, rateDen);
    BaselineBytes.writeDouble(out, errNum);
    BaselineBytes.writeDouble(out, reqNum);
    Varint.write(out, servers.size());
    for (Map.Entry<String, ServerState> e : servers.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      Varint.write(out, name.length);
      out.write(name, 0, name.length);
      ServerState st = e.getValue();
      Varint.write(out, st.age);
      BaselineBytes.writeFloat(out, st.shareNum);
      BaselineBytes.writeFloat(out, st.shareDen);
      BaselineBytes.writeFloat(out, st.shareVar);
      BaselineBytes.writeFloat(out, st.errNum);
      BaselineBytes.writeFloat(out, st.reqNum);
      BaselineBytes.writeHistogram(out, st.hist);
    }
    return out.toByteArray();
  }

  /** Decodes {@link #toBytes()} with default settings. */
  public static PoolBaseline fromBytes(byte[] bytes) {
    return fromBytes(bytes, DetectionSettings.defaults());
  }

  /** Decodes {@link #toBytes()}; throws {@link IllegalArgumentException} on malformed input. */
  public static PoolBaseline fromBytes(byte[] bytes, DetectionSettings settings) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("empty baseline encoding");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("unsupported baseline version " + version);
      }
      PoolBaseline b = new PoolBaseline(settings);
      b.healthyWindows = Varint.readBounded(in, Long.MAX_VALUE, "healthy windows");
      b.rateNum = BaselineBytes.readNonNegative(in.getDouble());
      b.rateDen = BaselineBytes.readNonNegative(in.getDouble());
      b.errNum = BaselineBytes.readNonNegative(in.getDouble());
      b.reqNum = BaselineBytes.readNonNegative(in.getDouble());
      long n = Varint.readBounded(in, in.remaining(), "server count");
      for (long k = 0; k < n; k++) {
        byte[] name = new byte[(int) Varint.readBounded(in, in.remaining(), "name length")];
        in.get(name);
        ServerState st = new ServerState();
        st.age = Varint.readBounded(in, Long.MAX_VALUE, "age");
        st.shareNum = BaselineBytes.readNonNegative(in.getFloat());
        st.shareDen = BaselineBytes.readNonNegative(in.getFloat());
        st.shareVar = BaselineBytes.readNonNegative(in.getFloat());
        st.errNum = BaselineBytes.readNonNegative(in.getFloat());
        st.reqNum = BaselineBytes.readNonNegative(in.getFloat());
        st.hist = BaselineBytes.readHistogram(in);
        b.servers.put(new String(name, StandardCharsets.UTF_8), st);
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes after baseline");
      }
      return b;
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated baseline", e);
    }
  }

  @Override
  public String toString() {
    return "PoolBaseline{healthyWindows="
        + healthyWindows
        + ", rate="
        + Math.round(requestRate())
        + "/window, 5xx="
        + Stats.pct(errorRate())
        + ", shares="
        + shares()
        + "}";
  }
}
