package io.fulcrum.bench;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.InternalSerde;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.distribution.PoolWindowAssembler;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.query.JsonSerde;
import io.fulcrum.replay.FastReplay;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Step 6: heap after GC and state-store bytes of the real topology at several fleet sizes. Each
 * fleet (pools of {@code serversPerPool} servers with declared configs) sends a few requests per
 * server per window for several windows through the topology (in-process, no broker: state is the
 * same), then the stores are measured entry by entry in their serialized form and the heap after a
 * full GC.
 */
final class MemoryPhase {
  private static final String PHASE = "memory";
  private static final int WINDOWS = 4;
  private static final int REQUESTS_PER_SERVER_WINDOW = 5;
  private static final long START = 1_780_000_000_000L;
  private final BenchConfig config;
  private final Report report;

  MemoryPhase(BenchConfig config, Report report) {
    this.config = config;
    this.report = report;
  }

  void run() {
    // One partial per server per window: the flush interval does not change what the stores hold.
    FulcrumSettings settings =
        FulcrumSettings.defaultsWith(Map.of("fulcrum.flush.interval", "10s"));
    long windowMs = settings.windowSize().toMillis();
    for (int servers : config.scaleServers()) {
      long before = heapAfterGc();
      try (FastReplay replay = new FastReplay(settings)) {
        int pools = Math.max(1, servers / config.serversPerPool());
        declare(replay, pools);
        feed(replay, pools, windowMs);
        long heap = heapAfterGc() - before;
        Sizes sizes = measure(replay.driver().stateStores());
        report.add(
            PHASE,
            String.format(
                Locale.ROOT, "%,d servers (%,d pools)", pools * config.serversPerPool(), pools),
            "heap " + Report.bytes(heap) + ", state " + Report.bytes(sizes.total()),
            String.format(
                Locale.ROOT,
                "per server: heap %s, state %s; open windows %s per server per retained window (%d retained)",
                Report.bytes((double) heap / (pools * config.serversPerPool())),
                Report.bytes((double) sizes.total() / (pools * config.serversPerPool())),
                Report.bytes(
                    (double) sizes.openWindowBytes()
                        / Math.max(1, sizes.openWindows())
                        / (pools * config.serversPerPool())),
                sizes.openWindows()));
      }
    }
  }

  private void declare(FastReplay replay, int pools) {
    for (int p = 0; p < pools; p++) {
      Map<String, Double> weights = new LinkedHashMap<>();
      for (int s = 1; s <= config.serversPerPool(); s++) {
        weights.put(FleetTraffic.poolName(p) + "-s" + s, 1.0);
      }
      replay.configChange(
          LbConfigChange.newBuilder()
              .setTimestamp(Instant.ofEpochMilli(START - 3_600_000))
              .setPool(FleetTraffic.poolName(p))
              .setVersion("v1")
              .setServers(weights)
              .build());
    }
  }

  /**
   * Requests in time order, spread over each window, round-robin over every server of every pool.
   */
  private void feed(FastReplay replay, int pools, long windowMs) {
    int servers = config.serversPerPool();
    String[][] names = new String[pools][servers];
    for (int p = 0; p < pools; p++) {
      for (int s = 0; s < servers; s++) {
        names[p][s] = FleetTraffic.poolName(p) + "-s" + (s + 1);
      }
    }
    long perWindow = (long) pools * servers * REQUESTS_PER_SERVER_WINDOW;
    for (int w = 0; w < WINDOWS; w++) {
      for (long i = 0; i < perWindow; i++) {
        long ts = START + w * windowMs + i * windowMs / perWindow;
        int p = (int) (i % pools);
        int s = (int) ((i / pools) % servers);
        replay.request(
            new ParsedRequest(
                ts, FleetTraffic.poolName(p), names[p][s], 200, 20 + (int) (i % 50), 1000, null));
      }
    }
  }

  /** Serialized bytes of every store entry, and the open windows' share. */
  record Sizes(long total, long openWindowBytes, int openWindows) {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Sizes measure(Map<String, StateStore> stores) {
    long total = 0;
    long open = 0;
    Set<Long> openStarts = new HashSet<>();
    for (Map.Entry<String, StateStore> e : stores.entrySet()) {
      if (!(e.getValue() instanceof KeyValueStore kv)) {
        continue;
      }
      try (KeyValueIterator<Object, Object> it = ((KeyValueStore<Object, Object>) kv).all()) {
        while (it.hasNext()) {
          KeyValue<Object, Object> entry = it.next();
          long bytes = size(entry.key) + size(entry.value);
          total += bytes;
          if (e.getKey().equals(PoolWindowAssembler.OPEN_WINDOWS)) {
            open += bytes;
            openStarts.add(((ServerWindowStats) entry.value).getWindowStart().toEpochMilli());
          }
        }
      }
    }
    return new Sizes(total, open, openStarts.size());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static long size(Object o) {
    if (o == null) {
      return 0;
    }
    if (o instanceof byte[] b) {
      return b.length;
    }
    if (o instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8).length;
    }
    if (o instanceof SpecificRecord r) {
      return new InternalSerde(r.getClass()).serializer().serialize("", r).length;
    }
    if (o instanceof Record r) { // the query API's recent-* stores hold its JSON views
      return new JsonSerde(r.getClass()).serializer().serialize("", r).length;
    }
    throw new IllegalStateException("cannot size a store value of " + o.getClass());
  }

  static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      System.gc();
      samples.add(memory.getHeapMemoryUsage().getUsed());
    }
    return samples.stream().mapToLong(Long::longValue).min().orElseThrow();
  }
}
