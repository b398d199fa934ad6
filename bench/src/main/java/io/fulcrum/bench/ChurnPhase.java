package io.fulcrum.bench;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.ingest.ParsedRequest;
import io.fulcrum.replay.FastReplay;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Step 7: state and heap under churn, with the production settings (pools forgotten after 1 h of
 * silence, servers after 10 min). Every 5 min of event time a cohort of {@value #COHORT} pools
 * appears and lives 15 min, so about 150 pools serve at once; every pool replaces one of its 4
 * servers every 5 min. Over {@value #HOURS} h that is thousands of pools and servers. The stores'
 * entries and the heap are sampled every 30 min: they must level off once the first cohorts are
 * forgotten, not grow with every pool ever seen.
 */
final class ChurnPhase {
  private static final String PHASE = "churn";
  private static final long START = 1_780_000_000_000L;
  private static final int COHORT = 50;
  private static final long COHORT_EVERY_MS = 5 * 60_000L;
  private static final long LIFETIME_MS = 15 * 60_000L;
  private static final int HOURS = 4;
  private static final long STEP_MS = 200;
  private final Report report;

  ChurnPhase(Report report) {
    this.report = report;
  }

  void run() {
    FulcrumSettings settings =
        FulcrumSettings.defaultsWith(Map.of("fulcrum.flush.interval", "10s"));
    long before = MemoryPhase.heapAfterGc();
    long requests = 0;
    try (FastReplay replay = new FastReplay(settings)) {
      long end = START + HOURS * 3_600_000L;
      long nextSample = START + 1_800_000L;
      for (long t = START; t < end; t += STEP_MS) {
        // Cohorts alive at t: started within the last LIFETIME_MS.
        long firstCohort = Math.max(0, (t - START - LIFETIME_MS) / COHORT_EVERY_MS + 1);
        long lastCohort = (t - START) / COHORT_EVERY_MS;
        long rotation = (t - START) / COHORT_EVERY_MS;
        for (long c = firstCohort; c <= lastCohort; c++) {
          for (int p = 0; p < COHORT; p++) {
            String pool = "c" + c + "-p" + p;
            String server = pool + "-s" + (rotation + (t / STEP_MS + p) % 4);
            replay.request(new ParsedRequest(t, pool, server, 200, 20, 100, null));
            requests++;
          }
        }
        if ((t - START) % 60_000 == 0) {
          drain(replay); // the test driver keeps every record it captured until read: not the app's
          // memory
        }
        if (t >= nextSample) {
          sample(replay, t, before, requests);
          nextSample += 1_800_000L;
        }
      }
      sample(replay, end, before, requests);
    }
  }

  private static void drain(FastReplay replay) {
    replay.driver().discardOutputs();
  }

  private void sample(FastReplay replay, long t, long heapBefore, long requests) {
    drain(replay);
    Map<String, Long> entries = entries(replay.driver().stateStores());
    long heap = MemoryPhase.heapAfterGc() - heapBefore;
    long distinctPools = Math.min((t - START) / COHORT_EVERY_MS + 1, Long.MAX_VALUE) * COHORT;
    report.add(
        PHASE,
        String.format(Locale.ROOT, "after %.1f h of event time", (t - START) / 3.6e6),
        "heap "
            + Report.bytes(heap)
            + ", "
            + entries.values().stream().mapToLong(Long::longValue).sum()
            + " store entries",
        String.format(
            Locale.ROOT,
            "%,d pools seen so far (%,d requests); entries per store %s",
            distinctPools,
            requests,
            entries));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Long> entries(Map<String, StateStore> stores) {
    Map<String, Long> out = new LinkedHashMap<>();
    stores.forEach(
        (name, store) -> {
          if (store instanceof KeyValueStore<?, ?> kv) {
            long n = 0;
            try (KeyValueIterator<Object, Object> it = ((KeyValueStore<Object, Object>) kv).all()) {
              while (it.hasNext()) {
                it.next();
                n++;
              }
            }
            out.put(name, n);
          }
        });
    return out;
  }
}
